"""Lesion segmentation at native resolution: 3-fold cross-validation of a lesion U-Net over IDRiD's 54 segmentation photos
at 2144 x 1424 (half the camera's width), scored as the 2018 challenge scored it: exact AUPR over every pixel of each
fold's photos (photos without the lesion included), with the prevalence beside it.

    python bench/lesions_native_idrid.py [--data ../shared/data/idrid-seg-2048] [--grading ../shared/data/idrid] [--run /tmp/lesions_native] [--rescore]
                                         [--set KEY=VALUE ...] [--choose '{"NAME": {"KEY": VALUE}, ...}']

Folds keep copies and grading twins together (`lesion_groups` with the 1024-px grading table). Each fold trains
`LesionUNet` (EfficientNet-Lite0 encoder, ImageNet weights) on lesion-centred 384-px crops of the other folds' photos
(`LesionSettings`, `PatchSettings` defaults unless `--set` overrides them (the committed result: `--set epochs=10`, now the default); with `--choose`, the candidate its own inner folds pick),
then predicts each of its photos whole (sliding windows, Gaussian blending, flip TTA). Each lesion is scored over the photos annotated for it (`lesions`) and with unannotated
lesions counted as absent (`lesions_absent_negative`). Resumes fold by fold from RUN; --rescore scores RUN's networks
again (keeping the first run's wall time); a resumed run records the folds it found (`resumed_folds`) and no wall time
(its folds' training times are each fold's own). Writes bench/results/lesions_native_idrid.json.
"""
import argparse, json, os, sys, time
from pathlib import Path
from mtkd_nb.core import shared_data, ArgumentError
from mtkd_nb.report import save_result, environment, markdown_table
from mtkd_nb.data.split import photo_table
from mtkd_nb.lesion_patches import SEG_LESIONS
from mtkd_nb.lesion_window import cross_validate_lesions, lesion_overrides, lesion_candidates

TARGETS = dict(EX=0.75, HE=0.55, SE=0.55, MA=0.30)              # issue 36: cross-validated on the training photos, native resolution
WINNERS = dict(MA=0.502, HE=0.680, EX=0.885, SE=0.700)          # IDRiD 2018 winners, official test photos at 4288 px

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--grading'); ap.add_argument('--run', default='/tmp/lesions_native'); ap.add_argument('--k', type=int, default=3); ap.add_argument('--rescore', action='store_true')
    ap.add_argument('--set', nargs='*', default=[], help='LesionSettings / PatchSettings fields as KEY=VALUE (e.g. epochs=8 size=448)')
    ap.add_argument('--choose', help='candidates as JSON {name: {field: value}}, one chosen per fold on an inner split of its training side (choose_on_inner_folds)')
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesions_native_idrid.json'))
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid-seg-2048')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid-seg-2048 not found (pass --data)")
    grading_dir = Path(a.grading) if a.grading else shared_data('idrid')
    if any('=' not in x for x in a.set): sys.exit(f"--set: give KEY=VALUE, not {next(x for x in a.set if '=' not in x)!r}")
    try:
        s, p = lesion_overrides(dict(x.split('=', 1) for x in a.set)); choose = json.loads(a.choose) if a.choose is not None else None
        if choose is not None: lesion_candidates(choose, s, p)
    except ArgumentError as e: sys.exit(f"--set/--choose: {e}")
    except ValueError as e: sys.exit(f"--choose {a.choose!r}: not JSON ({e})")
    t0 = time.time(); kept = [] if a.rescore else [f for f in range(a.k) if (Path(a.run)/f'fold_{f}.json').exists()]   # folds a stopped call left
    grading = photo_table(grading_dir, progress=False) if grading_dir else None
    summ = cross_validate_lesions(data, a.run, s, p, k=a.k, grading=grading, rescore=a.rescore, choose=choose)
    mins = round((time.time() - t0) / 60, 1); prev = json.loads(Path(a.out).read_text()) if a.rescore and Path(a.out).exists() else {}
    res = dict(**environment(), machine=f'{os.cpu_count()} CPU cores', data='DATA', grading='GRADING' if grading_dir else None, run=a.run, **summ,
               targets=TARGETS, winners_4288=WINNERS, wall_minutes=prev.get('wall_minutes', mins) if a.rescore else None if kept else mins, **({'rescore_minutes': mins} if a.rescore else {}),
               **({'resumed_folds': kept, 'call_minutes': mins} if kept else {}),
               note='AUPR exact (16-bit probabilities) over all pixels of each fold\'s photos at 2144 x 1424 (lesions: the photos annotated for the lesion; lesions_absent_negative: all, unannotated as absent); mean over folds; the winners scored the official test photos at 4288 px')
    save_result(res, a.out, RUN=a.run, DATA=data, GRADING=grading_dir)
    L = res['lesions']
    print(markdown_table({l: {'aupr': {'mean': L[l]['aupr'], 'sd': L[l]['aupr_sd']}, 'prev': L[l]['prevalence'], 'dice': L[l]['dice'], 'target': TARGETS[l], 'win': WINNERS[l]}
                          for l in SEG_LESIONS if l in L}, [('aupr', 'AUPR (mean ± sd over folds)', 3), ('prev', 'prevalence', 4), ('dice', 'Dice at 0.5', 3), ('target', 'target', 2), ('win', 'winner (test, 4288 px)', 3)], 'lesion'))
    print(*[f"{l}: {L[l]['aupr']:.3f} {'meets' if L[l]['aupr'] >= t else 'misses'} the target {t}" for l, t in TARGETS.items() if l in L], sep='\n')
    print(f"{res['seconds_per_photo']:.1f} s per 2144-px photo (windows + flip TTA); {res['train_minutes']} min training; " + (f"{res['wall_minutes']} min in all" if res['wall_minutes'] is not None else f"{mins} min this call (folds {kept} found in RUN)") + f"; wrote {a.out}")

if __name__ == '__main__': main()
