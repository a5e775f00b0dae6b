"""Landmark heads on IDRiD: coordinate regression (`mlp`) vs heatmaps with soft-argmax (`heatmap`), same backbone, data and epochs; then coarse-to-fine refinement of the heatmap estimates (`refined`).

    python bench/landmarks_idrid.py [--data ../shared/data/idrid] [--work /tmp/landmarks] [--size 256] [--epochs 10] [--seeds 3]
                                    [--refine od fovea] [--refine_size 128] [--refine_epochs 6] [--window 2]

For each seed k (fold k of one stored split of the IDRiD training photos, `mtkd_split --folds SEEDS`), an
EfficientNet-Lite0 (ImageNet weights) is trained on the fovea and optic-disc centres alone with each head, the
same schedule and seed, then scored on fold k's validation photos (`evaluate`: errors in pixels of the
1024 x 680 files, median, share within one optic-disc radius and within a quarter of its diameter).
Refinement (`31_refine`): per landmark, a heatmap-head EfficientNet-Lite0 trained on windows of WINDOW disc
diameters cut from the original photos of fold k's training photos (`train_refiner`), applied to windows centred
on the heatmap model's estimates of the validation photos (`refine_table`).
Pairs compared on the same photos under the decision rule of 34_compare (mean of per-seed differences, hierarchical bootstrap; the
landmark errors od_px and fovea_px are this benchmark's primary endpoints):
heatmap vs mlp, refined vs heatmap. Writes bench/results/landmarks_idrid.json and prints the table for bench/README.md.
"""
import argparse, json, sys
from pathlib import Path
import numpy as np
from mtkd_nb.core import shared_data
from mtkd_nb.report import save_result, environment, markdown_table
from mtkd_nb.data.prepare import prepare
from mtkd_nb.data.split import split_data
from mtkd_nb.data.plan import SplitSettings
from mtkd_nb.train import train_once, ModelSettings, FitSettings
from mtkd_nb.evaluate import evaluate, EvalSettings
from mtkd_nb.scores import records_from_table, score
from mtkd_nb.refine import RefineSettings, train_refiner, refine_table, refined_as_coarse
from mtkd_nb.compare import compare_models, finding

METRICS = ('fovea_px', 'fovea_median_px', 'fovea_within_radius', 'fovea_within_quarter', 'od_px', 'od_median_px', 'od_within_radius', 'od_within_quarter')
quiet = lambda *a: None
row = lambda rep, secs, n: dict(train_seconds=secs, n_images=n, **{m: rep[m] for m in METRICS})
line = lambda k, h, rep, secs: f"seed {k} {h:>8}: " + ', '.join(f"{m} {rep[m]['value']:.2f}" for m in ('od_px', 'od_median_px', 'od_within_radius', 'fovea_px', 'fovea_median_px', 'fovea_within_radius')) + f"; {secs:.0f} s"

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/landmarks'); ap.add_argument('--size', type=int, default=256)
    ap.add_argument('--epochs', type=int, default=10); ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--lr', type=float, default=2e-3); ap.add_argument('--heads', nargs='+', default=['mlp', 'heatmap'])
    ap.add_argument('--refine', nargs='*', default=['od', 'fovea']); ap.add_argument('--refine_size', type=int, default=128); ap.add_argument('--refine_epochs', type=int, default=6); ap.add_argument('--window', type=float, default=2.0)
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    w = Path(a.work); w.mkdir(parents=True, exist_ok=True); runs = {}
    if not (w/'split.json').exists(): split_data(data, w/'split.json', SplitSettings(folds=a.seeds), progress=False)
    cache = w/f'cache_{a.size}'; prepare(data, cache, size=a.size, progress=False)
    refine = a.refine and 'heatmap' in a.heads; arms = [*a.heads, *(['refined'] if refine else [])]; tabs = {h: [] for h in arms}
    for k in range(a.seeds):
        for h in a.heads:
            out = w/f'{h}_seed{k}.pth'
            secs = train_once(cache, out, ModelSettings('efficientnet_lite0', 'fovea,od', a.size, landmark_head=h), FitSettings(epochs=a.epochs, lr=a.lr, seed=k),
                              split=w/'split.json', fold=k, log=quiet)['seconds']
            rep, tab = evaluate(out, cache, 'val', settings=EvalSettings(n_boot=1000), progress=False)
            tab.to_csv(w/f'{h}_seed{k}.csv', index=False); tabs[h].append(records_from_table(tab))
            runs[f'{h}/seed{k}'] = row(rep, secs, rep['n_images']); print(line(k, h, rep, secs), flush=True)
            if h == 'heatmap': coarse = tab
        if refine:
            secs, t = 0., coarse
            for lm in a.refine:
                out = w/f'refine_{lm}_seed{k}.pth'
                if not out.exists():
                    train_refiner(cache, out, RefineSettings(lm, window=a.window, window_size=a.refine_size), ModelSettings('efficientnet_lite0', landmark_head='heatmap'),
                              FitSettings(epochs=a.refine_epochs, lr=a.lr, seed=k), split=w/'split.json', fold=k, log=quiet)
                secs += json.loads(Path(str(out) + '.json').read_text())['seconds']
                t = refine_table(t, out, progress=False)
            t.to_csv(w/f'refined_seed{k}.csv', index=False); rt = refined_as_coarse(t, a.refine); rec = records_from_table(rt); tabs['refined'].append(rec)
            rep = score(rec, 'fovea,od', n_boot=1000)
            runs[f'refined/seed{k}'] = row(rep, secs, len(rt)); print(line(k, 'refined', rep, secs), flush=True)
    comps = compare_models(tabs, {'heatmap_minus_mlp': ('heatmap', 'mlp'), 'refined_minus_heatmap': ('refined', 'heatmap')}, METRICS, n_boot=1000, primary=('od_px', 'fovea_px'))   # the landmark errors are this benchmark's endpoints
    print(*(finding(*lab.split('_minus_'), m, r) for lab, res in comps.items() for m, r in res.items()), sep='\n')
    res = dict(benchmark='landmarks_idrid', size=a.size, epochs=a.epochs, seeds=a.seeds, lr=a.lr, arch='efficientnet_lite0', tasks='fovea,od',
               refine=dict(landmarks=a.refine, size=a.refine_size, epochs=a.refine_epochs, window_disc_diameters=a.window, coarse='heatmap') if refine else None,
               **environment(), runs=runs, paired=comps,
               mean={h: {m: float(np.mean([runs[f'{h}/seed{k}'][m]['value'] for k in range(a.seeds)])) for m in METRICS} for h in arms})
    save_result(res, Path(__file__).parent/'results'/'landmarks_idrid.json', DATA=data, WORK=w); print('wrote bench/results/landmarks_idrid.json')
    cols = [('od_px', 'OD mean px', 1), ('od_median_px', 'OD median px', 1), ('od_within_radius', 'OD within radius', 3), ('fovea_px', 'fovea mean px', 1),
            ('fovea_median_px', 'fovea median px', 1), ('fovea_within_radius', 'fovea within radius', 3)]
    print('\n' + markdown_table(res['mean'], cols, first='landmark head'))

if __name__ == '__main__': main()
