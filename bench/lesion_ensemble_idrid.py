"""The ensemble of lesion networks trained but for their seed (issue 36): fold K's networks of every seed's run of
bench/lesions_native_idrid.py averaged pixel by pixel (`LesionEnsemble`), scored on fold K's photos at 2144 x 1424 as that
benchmark scores one network (`ensemble_folds`: exact AUPR over each fold's photos, the mean over folds), and compared
with the single networks under the decision rule: ensemble - network seed by seed on the same photos, the mean of the
per-seed differences with its hierarchical bootstrap interval (seeds, then photos), Holm over the four lesions
(`compare_lesion_folds`).

    python bench/lesion_ensemble_idrid.py --runs RUN0 RUN1 RUN2 [--data ../shared/data/idrid-seg-2048] [--grading ../shared/data/idrid]
                                          [--work /tmp/lesion_ensemble] [--n_boot 2000] [--out bench/results/lesions_native_ensemble.json]

RUNs: finished runs of bench/lesions_native_idrid.py that differ only in their seed (every run of the planned seeds, not the
best-scoring: the ensemble's members are not chosen on the photos that score it). No training; the ensemble's inference
resumes fold by fold from WORK. Its cost is its members': their training minutes summed, and inference per photo.
"""
import argparse, json, os, sys, time
from pathlib import Path
from mtkd_nb.core import shared_data, ArgumentError, DataError, LESIONS
from mtkd_nb.report import save_result, environment, markdown_table
from mtkd_nb.data.split import photo_table
from mtkd_nb.lesion_ensemble import ensemble_folds
from mtkd_nb.compare import compare_lesion_folds, decide, findings, lesion_photo_table, cv_aupr

TARGETS = dict(EX=0.75, HE=0.55, SE=0.55, MA=0.30)              # issue 36: cross-validated on the training photos, native resolution
WINNERS = dict(MA=0.502, HE=0.680, EX=0.885, SE=0.700)          # IDRiD 2018 winners, official test photos at 4288 px

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', nargs='+', required=True, help='folders of finished bench/lesions_native_idrid.py runs, one per training seed')
    ap.add_argument('--data'); ap.add_argument('--grading'); ap.add_argument('--work', default='/tmp/lesion_ensemble'); ap.add_argument('--n_boot', type=int, default=2000)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesions_native_ensemble.json'))
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid-seg-2048')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid-seg-2048 not found (pass --data)")
    grading_dir = Path(a.grading) if a.grading else shared_data('idrid')
    sums = {r: json.loads((Path(r)/'summary.json').read_text()) for r in a.runs if (Path(r)/'summary.json').exists()}
    same = lambda s: ({k: v for k, v in s['settings'].items() if k != 'seed'}, s['patch'])
    diff = [r for r, s in sums.items() if same(s) != same(next(iter(sums.values())))]
    if any(s.get('choose') for s in sums.values()): sys.exit("--runs: a run chose its settings per fold (--choose); a seed ensemble's members differ only in their seed")
    if diff: sys.exit(f"--runs: {diff[0]} was trained with other settings than {next(iter(sums))} (not only the seed); a seed ensemble's members differ only in their seed")
    t0 = time.time()
    try:
        e = ensemble_folds(a.runs, data, a.work, grading=photo_table(grading_dir, progress=False) if grading_dir else None); mins = round((time.time() - t0) / 60, 1)
        comp = decide({'ensemble vs network': compare_lesion_folds([a.work] * len(a.runs), a.runs, tuple(TARGETS), n_boot=a.n_boot)})   # one fixed ensemble against each seed's network
    except (ArgumentError, DataError) as err: sys.exit(f"--runs: {err}")
    gap = max(abs(cv_aupr(lesion_photo_table(d), LESIONS.index(l)) - x[l]['aupr']) for d, x in [(a.work, e['lesions']), *zip(a.runs, e['member_lesions'])] for l in TARGETS)
    L, M = e['lesions'], e['member_lesions']
    res = dict(**environment(), machine=f'{os.cpu_count()} CPU cores', data='DATA', runs=[f'RUN{i}' for i in range(len(a.runs))], seeds=e['member_seeds'],
               lesions=L, lesions_absent_negative=e['lesions_absent_negative'], members={f'seed {s}': m for s, m in zip(e['member_seeds'], M)},
               comparison=comp, findings=findings(comp), targets=TARGETS, winners_4288=WINNERS, folds=e['folds'], settings={k: v for k, v in e['member_settings'][0].items() if k != 'seed'}, patch=e['patch'],
               k=e['k'], fold_seed=e['fold_seed'], tta=e['tta'], overlap=e['overlap'], n_photos=e['n_photos'],
               seconds_per_photo=e['seconds_per_photo'], train_minutes=e['train_minutes'], inference_minutes=mins, aupr_1000_bins_max_gap=round(gap, 5),
               note='AUPR exact (16-bit probabilities) over all pixels of each fold\'s photos annotated for the lesion at 2144 x 1424, mean over folds; the comparison re-pools 1000-bin per-photo histograms (largest gap to the exact mean over folds: aupr_1000_bins_max_gap) and pairs the one ensemble with each seed\'s network, so its interval holds the photos and the spread of the networks over seeds, not how another ensemble would score; members\' train_minutes summed; the winners scored the official test photos at 4288 px')
    save_result(res, a.out, DATA=data, GRADING=grading_dir, WORK=a.work, **{f'RUN{i}': r for i, r in enumerate(a.runs)})
    print(markdown_table({l: {'ens': L[l]['aupr'], **{f's{s}': m[l]['aupr'] for s, m in zip(e['member_seeds'], M)}, 'target': t} for l, t in TARGETS.items() if l in L},
                         [('ens', 'ensemble', 3), *[(f's{s}', f'seed {s}', 3) for s in e['member_seeds']], ('target', 'target', 2)], 'lesion'))
    print(*findings(comp), sep='\n')
    print(f"{e['seconds_per_photo']:.1f} s per 2144-px photo ({len(a.runs)} networks, flip TTA); {e['train_minutes']} min training (members); wrote {a.out}")

if __name__ == '__main__': main()
