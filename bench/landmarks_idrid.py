"""Landmark heads on IDRiD: coordinate regression (`mlp`) vs heatmaps with soft-argmax (`heatmap`), same backbone, data and epochs.

    python bench/landmarks_idrid.py [--data ../shared/data/idrid] [--work /tmp/landmarks] [--size 256] [--epochs 15] [--seeds 3]

For each seed k (fold k of one stored split of the IDRiD training photos, `mtkd_split --folds SEEDS`), an
EfficientNet-Lite0 (ImageNet weights) is trained on the fovea and optic-disc centres alone with each head, the
same schedule and seed, then scored on fold k's validation photos (`evaluate`: errors in pixels of the
1024 x 680 files, median, share within one optic-disc radius and within a quarter of its diameter). The two
heads are compared on the same photos: paired differences per seed and pooled over the seeds (34_compare).
Writes bench/results/landmarks_idrid.json and prints the table for bench/README.md.
"""
import argparse, json, os, sys, time, datetime
from pathlib import Path
import numpy as np, torch
from mtkd_nb.core import shared_data, save_json
from mtkd_nb.data.prepare import prepare
from mtkd_nb.data.split import split_data, SplitSettings, load_split
from mtkd_nb.train import train, ModelSettings, FitSettings
from mtkd_nb.evaluate import evaluate, EvalSettings, records_from_table
from mtkd_nb.compare import compare_pair, finding

METRICS = ('fovea_px', 'fovea_median_px', 'fovea_within_radius', 'fovea_within_quarter', 'od_px', 'od_median_px', 'od_within_radius', 'od_within_quarter')

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/landmarks'); ap.add_argument('--size', type=int, default=256)
    ap.add_argument('--epochs', type=int, default=15); ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--heads', nargs='+', default=['mlp', 'heatmap'])
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    w = Path(a.work); w.mkdir(parents=True, exist_ok=True)
    if not (w/'split.json').exists(): split_data(data, w/'split.json', SplitSettings(folds=a.seeds), progress=False)
    prepare(data, w/f'cache_{a.size}', size=a.size, progress=False)
    runs, tabs = {}, {h: [] for h in a.heads}
    for k in range(a.seeds):
        for h in a.heads:
            out = w/f'{h}_seed{k}.pth'
            t0 = time.perf_counter()
            if not out.exists():
                train(w/f'cache_{a.size}', out, ModelSettings('efficientnet_lite0', 'fovea,od', a.size, landmark_head=h),
                      FitSettings(epochs=a.epochs, lr=a.lr, seed=k), split=w/'split.json', fold=k, log=lambda *x: None)
            secs = json.loads(Path(str(out) + '.json').read_text())['seconds']
            rep, tab = evaluate(out, w/f'cache_{a.size}', 'val', settings=EvalSettings(n_boot=1000), progress=False)
            tab.to_csv(w/f'{h}_seed{k}.csv', index=False); tabs[h].append(records_from_table(tab))
            runs[f'{h}/seed{k}'] = dict(train_seconds=secs, n_images=rep['n_images'], **{m: rep[m] for m in METRICS})
            print(f"seed {k} {h:>8}: OD {rep['od_px']['value']:.1f} px (median {rep['od_median_px']['value']:.1f}, within radius {rep['od_within_radius']['value']:.2f}), "
                  f"fovea {rep['fovea_px']['value']:.1f} px (median {rep['fovea_median_px']['value']:.1f}); {secs:.0f} s", flush=True)
    comps = {}
    if {'mlp', 'heatmap'} <= set(a.heads):
        comps = compare_pair(tabs['heatmap'], tabs['mlp'], metrics=METRICS, n_boot=1000)
        for m, r in comps.items(): print(finding('heatmap', 'mlp', m, r))
    res = dict(benchmark='landmarks_idrid', size=a.size, epochs=a.epochs, seeds=a.seeds, lr=a.lr, arch='efficientnet_lite0', tasks='fovea,od',
               cpus=os.cpu_count(), torch=torch.__version__, date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
               runs=runs, paired_heatmap_minus_mlp=comps,
               mean={h: {m: float(np.mean([runs[f'{h}/seed{k}'][m]['value'] for k in range(a.seeds)])) for m in METRICS} for h in a.heads})
    save_json(res, Path(__file__).parent/'results'/'landmarks_idrid.json'); print('wrote bench/results/landmarks_idrid.json')

if __name__ == '__main__': main()
