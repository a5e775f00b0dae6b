"""Lesion segmentation on IDRiD: per-lesion AUPR and Dice of lesion-aware teachers, their ensemble, the distilled and
the scratch student, on the stored validation folds; with paired comparisons over the seeds.

    python bench/lesions_idrid.py [--data ../shared/data/idrid] [--run /tmp/lesions_run] [--config idrid_lesions_cpu] [--seeds 3]

Runs (or resumes) `mtkd_pipeline --config idrid_lesions_cpu` into RUN: three EfficientNet-Lite0 teachers of one seed that
differ in one choice each (lesion task with BCE + Dice, the same with BCE + Tversky, no lesion task), their ensemble, the
student distilled from it (lesion maps included) and its scratch twin. Lesions are scored against the masks prepared at
816 px (the fundus crop of the 1024-px files at 1:1; predicted maps resampled to them): AUPR exact over each seed's scored
photos (16-bit histograms) with the prevalence beside it, 1000-bin per-photo histograms for the bootstrap, Dice at 0.5.
Then reads the run's per-photo tables and compares under the decision rule of 34_compare (mean of per-seed differences,
hierarchical bootstrap; no primary endpoint among the lesion metrics, so each carries a Holm-adjusted p-value):
  - distilled student vs scratch student, vs each lesion teacher, and the ensemble vs each lesion teacher (lesions);
  - teacher_lesions_tversky vs teacher_lesions (the loss choice) and teacher_lesions vs teacher_nolesions (does lesion
    supervision help grading? DR/DME accuracy, QWK);
  - for every model with an OD mask: the optic-disc centre from its mask vs from its landmark head (`od_from_mask_px - od_px`).
Writes bench/results/lesions_idrid.json and prints the tables for bench/README.md.
"""
import argparse, datetime, sys
from pathlib import Path
import numpy as np
from mtkd_nb.core import shared_data, LESIONS
from mtkd_nb.report import save_result
from mtkd_nb.pipeline import run_pipeline
from mtkd_nb.run_layout import RunLayout, stage_seconds
from mtkd_nb.scores import Records
from mtkd_nb.compare import compare_pair, decide, summarise, finding, COMPARE_METRICS, LESION_METRICS

LESION_COLS = ('aupr_MA', 'aupr_HE', 'aupr_EX', 'aupr_SE', 'aupr_OD', 'lesions_aupr', 'dice_EX', 'dice_HE', 'lesions_dice')
GRADING = ('dr_accuracy', 'dr_qwk', 'dme_accuracy', 'joint_accuracy')
TARGETS = dict(aupr_EX=0.75, aupr_HE=0.50, aupr_SE=0.50)           # issue 19, validation photos at the CPU configuration
WINNERS = dict(aupr_MA=0.502, aupr_HE=0.680, aupr_EX=0.885, aupr_SE=0.700)   # IDRiD 2018 winners, official test photos at 4288 px

def od_from_mask_as_od(r: Records) -> Records:
    "The same records with the optic disc taken from the mask estimate, so `od_px` of the two can be compared pair-wise"
    pts = dict(r.points); pts['od'] = pts.pop('od_from_mask')
    return Records(r.items, r.probs, r.labels, pts, r.lesions, r.disc)

def lesion_figure(run: RunLayout, models: dict, out, k: int = 0, n: int = 3, seed: int = 0, size: int = 1024):
    "Seed k: `n` validation photos with lesion masks (a random draw), each as photo | annotated | the predictions of `models` (label -> checkpoint), at `size` px"
    import torch, torch.nn.functional as F, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    from PIL import Image
    from mtkd_nb.core import output_names
    from mtkd_nb.train import load_model
    from mtkd_nb.data.block import prepared_tensor
    from mtkd_nb.data.prepare import load_manifest, unpack_lesions
    from mtkd_nb.figures import plot_lesion_maps
    ref = load_manifest(run.cache(size)).set_index('image_id')
    tab = run.read_table(k, 'student (distilled)')
    masked = tab[tab[[f'known_{l}' for l in LESIONS]].sum(1) > 0].image_id
    ids = masked.sample(min(n, len(masked)), random_state=seed).tolist()
    nets = {lab: load_model(ck, torch.device('cpu')) for lab, ck in models.items()}
    caches = {z: load_manifest(run.cache(z)).set_index('image_id') for z in {m.config['size'] for m in nets.values()}}
    fig, axs = plt.subplots(len(ids), 2 + len(nets), figsize=(3.3 * (2 + len(nets)), 3.3 * len(ids)), squeeze=False)
    for row, i in zip(axs, ids):
        img = np.asarray(Image.open(ref.loc[i, 'path']).convert('RGB'))
        truth = unpack_lesions(np.asarray(Image.open(ref.loc[i, 'mask_path']))).astype(np.float32)
        preds = {}
        for lab, m in nets.items():
            x = prepared_tensor(caches[m.config['size']].loc[i, 'path'])[None]
            with torch.no_grad(): o = dict(zip(output_names(m.tasks), m(x)))
            preds[lab] = torch.sigmoid(F.interpolate(o['lesions'].float(), size=img.shape[:2], mode='bilinear', align_corners=False))[0].numpy()
        plot_lesion_maps(img, truth, preds, axs=row, title=i)
    fig.tight_layout(); fig.savefig(out, dpi=80); plt.close(fig)
    return ids

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--run', default='/tmp/lesions_run'); ap.add_argument('--config', default='idrid_lesions_cpu')
    ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--n_boot', type=int, default=1000)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesions_idrid.json'))
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    run = RunLayout(a.run)
    run_pipeline(data, run.root, a.config, seeds=a.seeds)
    cfg, evs = run.read_config(), [run.read_evaluation(k) for k in range(a.seeds)]
    names = list(evs[0]['reports'])
    recs = {n: [run.records(k, n) for k in range(a.seeds)] for n in names}
    metrics = COMPARE_METRICS + LESION_METRICS + tuple(m for m in LESION_COLS if m not in LESION_METRICS)
    summary = {n: summarise([e['reports'][n] for e in evs], metrics) for n in names}
    seg = [n for n in names if 'lesions_aupr' in summary[n]]
    lesion_teachers = [t['name'] for t in cfg['teachers'] if 'lesions' in t['tasks'] and t['name'] in seg]
    pairs = {'student (distilled) vs student (scratch)': ('student (distilled)', 'student (scratch)')}
    pairs.update({f'student (distilled) vs {t}': ('student (distilled)', t) for t in lesion_teachers})
    pairs.update({f'ensemble vs {t}': ('ensemble', t) for t in lesion_teachers})
    pairs.update({f'{x} vs {y}': (x, y) for x, y in cfg.get('pairs', [])})
    comps = decide({lab: compare_pair(recs[x], recs[y], metrics, n_boot=a.n_boot) for lab, (x, y) in pairs.items() if x in recs and y in recs})
    od_mask = decide({n: compare_pair([od_from_mask_as_od(r) for r in recs[n]], recs[n], ('od_px',), n_boot=a.n_boot, primary=('od_px',))
                      for n in seg if all('od_from_mask' in r.points for r in recs[n])})     # a family of its own
    od_mask = {n: r['od_px'] for n, r in od_mask.items() if 'od_px' in r}
    secs = stage_seconds(run)
    res = dict(date=datetime.date.today().isoformat(), machine='2 CPU cores', config=cfg, run=a.run, n_seeds=a.seeds,
               n_valid=[e['reports']['ensemble']['n_images'] for e in evs],
               n_valid_masked={n: [int(r.lesions['known'].sum(-1).astype(bool).sum()) for r in recs[n]] for n in seg},
               mask_size=evs[0]['reports'][seg[0]].get('mask_size') if seg else None,
               absent_is_negative=evs[0]['reports'][seg[0]].get('absent_is_negative') if seg else None,
               summary=summary, comparisons=comps, od_from_mask_vs_head=od_mask, targets=TARGETS, winners_4288=WINNERS,
               minutes=round(sum(secs.values()) / 60, 1), stage_seconds=secs)
    if seg and 'student (distilled)' in seg:
        best = max(lesion_teachers, key=lambda t: summary[t]['lesions_aupr']['mean'])
        res['figure'] = str(Path(a.out).with_suffix('.png'))
        res['figure_photos'] = lesion_figure(run, {f'{best} (teacher)': run.teacher(0, best),
                                                   'student (distilled)': run.student(0)}, res['figure'], size=res['mask_size'])
    save_result(res, a.out, RUN=run.root, DATA=data)
    fmt = lambda s, m, nd=3: '-' if m not in s else f"{s[m]['mean']:.{nd}f}" + (f" ± {s[m]['sd']:.{nd}f}" if s[m]['sd'] is not None else '')
    print(f"\n{a.seeds} seeds, {res['n_valid']} validation photos ({res['n_valid_masked']} with masks), lesions at {res['mask_size']} px "
          f"({'a lesion without a mask file on a masked photo scored as absent' if res['absent_is_negative'] else 'lesions without a mask file not scored'}); mean ± sd over seeds\n")
    print('| model | ' + ' | '.join(LESION_COLS) + ' | OD px (head) | OD px (mask) |\n' + '|---' * (len(LESION_COLS) + 3) + '|')
    for n in seg: print(f"| {n} | " + ' | '.join(fmt(summary[n], m) for m in LESION_COLS) + f" | {fmt(summary[n], 'od_px', 1)} | {fmt(summary[n], 'od_from_mask_px', 1)} |")
    print('\n| model | ' + ' | '.join(GRADING) + ' |\n' + '|---' * (len(GRADING) + 1) + '|')
    for n in names: print(f"| {n} | " + ' | '.join(fmt(summary[n], m) for m in GRADING) + ' |')
    print()
    for lab, r in comps.items():
        x, y = lab.split(' vs ')
        grading = 'scratch' in y or 'nolesions' in y                                     # grades where the pair is about them
        for m in ('lesions_aupr', 'aupr_EX', 'aupr_HE', 'aupr_SE', 'aupr_MA') + (('joint_accuracy', 'dr_qwk') if grading else ()):
            if m in r: print('-', finding(x, y, m, r[m]))
    for n, r in od_mask.items(): print('-', finding(f'{n}: OD from its mask', 'from its landmark head', 'od_px', r))
    for m, t in TARGETS.items():
        have = [n for n in seg if m in summary[n]]
        best = max(have, key=lambda n: summary[n][m]['mean']) if have else None
        if best: print(f"target {m} >= {t}: best {best} {summary[best][m]['mean']:.3f} -> {'met' if summary[best][m]['mean'] >= t else 'not met'}")
    print(f"\n{res['minutes']} min of stages; wrote {a.out}")

if __name__ == '__main__': main()
