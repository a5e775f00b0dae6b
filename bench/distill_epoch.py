"""Cost of a distillation epoch: plain student vs cached soft targets vs online teachers, in one run.

    python bench/distill_epoch.py [--data DIR] [--size 224] [--repeats 3] [--teachers 3]

The same student (EfficientNet-Lite0, random init: timing does not depend on the weights), the
same photos (the embedded sample, or DIR prepared at SIZE) and batch size, one epoch (train +
validation) each way:

- plain:  `mtl_learner` on hard labels;
- cached: `distill_learner` on `distill_dls` (soft targets from the file, augmented with the photo);
- online: `distill_learner` with the ensemble of N EfficientNet-Lite0 teachers run on every batch.

The three are interleaved `--repeats` times (after one warm-up epoch each) and the median epoch
time of each is kept; ratios are to the plain epoch. Writes bench/results/distill_epoch.json.
Target: cached <= 1.3x plain.
"""
import argparse, time, tempfile
from pathlib import Path
import numpy as np, torch
from mtkd_nb.core import sample_dir, seed_everything
from mtkd_nb.report import save_result, environment
from mtkd_nb.data.prepare import prepare
from mtkd_nb.data.block import fundus_dls
from mtkd_nb.data.split import make_split
from mtkd_nb.data.plan import Split
from mtkd_nb.train import mtl_learner
from mtkd_nb.checkpoints import save_checkpoint
from mtkd_nb.ensemble import load_ensemble
from mtkd_nb.soft_targets import prepared_table, compute_soft_targets
from mtkd_nb.distill import distill_dls, distill_learner, distill_table

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--size', type=int, default=224); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--teachers', type=int, default=3); ap.add_argument('--bs', type=int, default=16); ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads); cpu = torch.device('cpu'); tasks = 'dr,dme,fovea,od'
    d = Path(tempfile.mkdtemp())
    prepare(Path(a.data) if a.data else sample_dir(), d/'cache', size=a.size, progress=False)
    table = prepared_table(d/'cache', a.size, d)
    table = Split(make_split(table)).apply(table)                 # the split's roles: train / valid
    paths = []
    for i in range(a.teachers):
        seed_everything(i)
        ln = mtl_learner(fundus_dls(table, tasks, bs=a.bs, device=cpu), 'efficientnet_lite0', tasks=tasks, pretrained=False)
        save_checkpoint(ln, d/f't{i}.pth', with_opt=False); paths.append(d/f't{i}.pth')
    ens = load_ensemble(paths, device=cpu)
    t0 = time.perf_counter(); soft = compute_soft_targets(ens, table, d/'soft.pt', progress=False); soft_s = time.perf_counter() - t0
    kw = dict(bs=a.bs, seed=42, device=cpu)
    def make(mode):
        seed_everything(0)
        if mode == 'plain': return mtl_learner(fundus_dls(table, tasks, **kw), 'efficientnet_lite0', tasks=tasks, pretrained=False)
        if mode == 'cached': return distill_learner(distill_dls(table, soft, tasks, **kw), 'efficientnet_lite0', tasks=tasks, pretrained=False)
        return distill_learner(fundus_dls(distill_table(table, soft, tasks), tasks, labelled_only=False, **kw), 'efficientnet_lite0',
                               tasks=tasks, teacher=ens, pretrained=False, mask_size=soft.meta['mask_size'])
    learners = {m: make(m) for m in ('plain', 'cached', 'online')}
    times = {m: [] for m in learners}
    for rep in range(a.repeats + 1):
        for m, ln in learners.items():
            with ln.no_bar(), ln.no_logging():
                t0 = time.perf_counter(); ln.fit(1, 1e-3); dt = time.perf_counter() - t0
            if rep: times[m].append(dt)                     # repeat 0 is the warm-up
    med = {m: float(np.median(v)) for m, v in times.items()}
    res = dict(benchmark='distill_epoch', data=str(a.data or 'embedded sample'), size=a.size, n_photos=len(table),
               n_train=len(learners['plain'].dls.train_ds), bs=a.bs, teachers=a.teachers, student='efficientnet_lite0', threads=a.threads,
               repeats=a.repeats, epoch_seconds=times, median_seconds=med,
               ratio_cached_vs_plain=med['cached'] / med['plain'], target_cached_vs_plain=1.3, ratio_online_vs_plain=med['online'] / med['plain'],
               soft_targets_seconds=round(soft_s, 2), **environment())
    save_result(res, Path(__file__).parent/'results'/'distill_epoch.json', **({'DATA': a.data} if a.data else {}))
    print(f"epoch (median of {a.repeats}): plain {med['plain']:.2f} s, cached {med['cached']:.2f} s ({res['ratio_cached_vs_plain']:.2f}x), "
          f"online {med['online']:.2f} s ({res['ratio_online_vs_plain']:.2f}x); soft targets once: {soft_s:.1f} s")
    print('wrote bench/results/distill_epoch.json')

if __name__ == '__main__': main()
