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
import argparse, json, os, sys, time, datetime
from pathlib import Path
import numpy as np, pandas as pd, torch
from mtkd_nb.core import shared_data
from mtkd_nb.report import save_result
from mtkd_nb.data.prepare import prepare
from mtkd_nb.data.split import split_data, SplitSettings, load_split
from mtkd_nb.train import train, ModelSettings, FitSettings
from mtkd_nb.evaluate import evaluate, EvalSettings
from mtkd_nb.scores import records_from_table, score
from mtkd_nb.refine import RefineSettings, train_refiner, refine_table
from mtkd_nb.compare import compare_pair, decide, finding

METRICS = ('fovea_px', 'fovea_median_px', 'fovea_within_radius', 'fovea_within_quarter', 'od_px', 'od_median_px', 'od_within_radius', 'od_within_quarter')
quiet = lambda *a: None

def as_coarse(tab, lms):
    "The refined estimates of `lms` in the columns of the coarse ones, so that both are scored and paired under one name"
    t = tab.copy()
    for lm in lms:
        t[f'{lm}_x_pred'], t[f'{lm}_y_pred'], t[f'{lm}_err_px'] = t[f'{lm}_refined_x_pred'], t[f'{lm}_refined_y_pred'], t[f'{lm}_refined_err_px']
    return t[[c for c in t.columns if '_refined' not in c]]

def row(rep, secs, n):
    return dict(train_seconds=secs, n_images=n, **{m: rep[m] for m in METRICS})

def line(k, h, rep, secs):
    return (f"seed {k} {h:>8}: OD {rep['od_px']['value']:.1f} px (median {rep['od_median_px']['value']:.1f}, within radius {rep['od_within_radius']['value']:.2f}), "
            f"fovea {rep['fovea_px']['value']:.1f} px (median {rep['fovea_median_px']['value']:.1f}, within radius {rep['fovea_within_radius']['value']:.2f}); {secs:.0f} s")

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/landmarks'); ap.add_argument('--size', type=int, default=256)
    ap.add_argument('--epochs', type=int, default=10); ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--heads', nargs='+', default=['mlp', 'heatmap'])
    ap.add_argument('--refine', nargs='*', default=['od', 'fovea']); ap.add_argument('--refine_size', type=int, default=128)
    ap.add_argument('--refine_epochs', type=int, default=6); ap.add_argument('--window', type=float, default=2.0)
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    w = Path(a.work); w.mkdir(parents=True, exist_ok=True)
    if not (w/'split.json').exists(): split_data(data, w/'split.json', SplitSettings(folds=a.seeds), progress=False)
    cache = w/f'cache_{a.size}'
    prepare(data, cache, size=a.size, progress=False)
    refine = a.refine and 'heatmap' in a.heads
    arms = [*a.heads, *(['refined'] if refine else [])]
    runs, tabs = {}, {h: [] for h in arms}
    for k in range(a.seeds):
        for h in a.heads:
            out = w/f'{h}_seed{k}.pth'
            if not out.exists():
                train(cache, out, ModelSettings('efficientnet_lite0', 'fovea,od', a.size, landmark_head=h),
                      FitSettings(epochs=a.epochs, lr=a.lr, seed=k), split=w/'split.json', fold=k, log=quiet)
            secs = json.loads(Path(str(out) + '.json').read_text())['seconds']
            rep, tab = evaluate(out, cache, 'val', settings=EvalSettings(n_boot=1000), progress=False)
            tab.to_csv(w/f'{h}_seed{k}.csv', index=False); tabs[h].append(records_from_table(tab))
            runs[f'{h}/seed{k}'] = row(rep, secs, rep['n_images']); print(line(k, h, rep, secs), flush=True)
            if h == 'heatmap': coarse = tab
        if refine:
            secs, t = 0., coarse
            for lm in a.refine:
                out = w/f'refine_{lm}_seed{k}.pth'
                if not out.exists():
                    train_refiner(cache, out, RefineSettings(lm, window=a.window, window_size=a.refine_size),
                                  ModelSettings('efficientnet_lite0', landmark_head='heatmap'), FitSettings(epochs=a.refine_epochs, lr=a.lr, seed=k),
                                  split=w/'split.json', fold=k, log=quiet)
                secs += json.loads(Path(str(out) + '.json').read_text())['seconds']
                t = refine_table(t, out, progress=False)
            t.to_csv(w/f'refined_seed{k}.csv', index=False)
            rt = as_coarse(t, a.refine); rec = records_from_table(rt); tabs['refined'].append(rec)
            rep = score(rec, 'fovea,od', n_boot=1000)
            runs[f'refined/seed{k}'] = row(rep, secs, len(rt)); print(line(k, 'refined', rep, secs), flush=True)
    comps = {}
    for x, y in (('heatmap', 'mlp'), ('refined', 'heatmap')):
        if x in tabs and y in tabs and tabs[x] and tabs[y]:
            comps[f'{x}_minus_{y}'] = compare_pair(tabs[x], tabs[y], metrics=METRICS, n_boot=1000, primary=('od_px', 'fovea_px'))   # the landmark errors are this benchmark's endpoints
    for lab, res in decide(comps).items():
        for m, r in res.items(): print(finding(*lab.split('_minus_'), m, r))
    res = dict(benchmark='landmarks_idrid', size=a.size, epochs=a.epochs, seeds=a.seeds, lr=a.lr, arch='efficientnet_lite0', tasks='fovea,od',
               refine=dict(landmarks=a.refine, size=a.refine_size, epochs=a.refine_epochs, window_disc_diameters=a.window, coarse='heatmap') if refine else None,
               cpus=os.cpu_count(), torch=torch.__version__, date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
               runs=runs, paired=comps,
               mean={h: {m: float(np.mean([runs[f'{h}/seed{k}'][m]['value'] for k in range(a.seeds)])) for m in METRICS} for h in arms})
    save_result(res, Path(__file__).parent/'results'/'landmarks_idrid.json', DATA=data, WORK=w); print('wrote bench/results/landmarks_idrid.json')
    print('\n| landmark head | OD mean px | OD median px | OD within radius | fovea mean px | fovea median px | fovea within radius |\n|---|---|---|---|---|---|---|')
    for h in arms:
        m = res['mean'][h]
        print(f"| {h} | {m['od_px']:.1f} | {m['od_median_px']:.1f} | {m['od_within_radius']:.3f} | {m['fovea_px']:.1f} | {m['fovea_median_px']:.1f} | {m['fovea_within_radius']:.3f} |")

if __name__ == '__main__': main()
