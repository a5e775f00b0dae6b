"""Landmark distillation on IDRiD: the student distilled with smooth-L1 on the ensemble's points (the default) vs the
same student distilled with `heatmap_kl` (spatial KL between the tempered ensemble and student heatmaps, 22_distill).

    python bench/landmark_kd_idrid.py --run RUN [--data ../shared/data/idrid] [--work /tmp/landmark_kd] [--seeds 3] [--out JSON]

RUN is a finished `mtkd_pipeline` run whose teachers and student have heatmap landmark heads (`idrid_cpu`).
For each seed k the teachers of RUN/seed_k are reused: their soft targets are recomputed with the ensemble's
heatmaps (same settings as the run's, plus `heatmap_size`), and the run's student is trained again with the one
change `losses={'points': 'heatmap_kl'}` (same photos, seed, schedule, temperature and alpha). Both students are
scored on fold k's validation photos (`evaluate`, pixels of the 1024 x 680 files) and compared on the same photos
(paired differences per seed and pooled over the seeds, 34_compare). Writes bench/results/landmark_kd_idrid.json
and prints the table for bench/README.md.
"""
import argparse, json, os, sys, datetime, dataclasses
from pathlib import Path
import numpy as np, torch
from mtkd_nb.core import shared_data, save_json
from mtkd_nb.data.split import load_split
from mtkd_nb.train import ModelSettings, FitSettings
from mtkd_nb.soft_targets import soft_targets, SoftTargetSettings
from mtkd_nb.distill import distill, DistillSettings
from mtkd_nb.pipeline import config_settings
from mtkd_nb.evaluate import evaluate, EvalSettings, records_from_table
from mtkd_nb.compare import compare_pair, finding

METRICS = ('fovea_px', 'fovea_median_px', 'fovea_within_radius', 'od_px', 'od_median_px', 'od_within_radius', 'dr_qwk', 'joint_accuracy')
ARMS = ('smooth_l1', 'heatmap_kl')
quiet = lambda *a: None

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/landmark_kd')
    ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--heatmap_size', type=int, default=64)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'landmark_kd_idrid.json'))
    a = ap.parse_args()
    run, w = Path(a.run), Path(a.work); w.mkdir(parents=True, exist_ok=True)
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    cfg = json.loads((run/'config.json').read_text())
    s, st_cfg = cfg['student'], dict(cfg.get('soft_targets', {}))
    if s.get('landmark_head') != 'heatmap': sys.exit(f"{run}: the run's student has no heatmap head; heatmap distillation needs one")
    tsize, bs = max(t['size'] for t in cfg['teachers']), cfg.get('bs', 16)
    runs, recs = {}, {h: [] for h in ARMS}
    for k in range(a.seeds):
        sd, wd, sp = run/f'seed_{k}', w/f'seed_{k}', load_split(run/'split.json', k)
        wd.mkdir(exist_ok=True)
        teachers = [sd/'teachers'/f"{t['name']}.pth" for t in cfg['teachers']]
        sts = config_settings({**st_cfg, 'heatmap_size': a.heatmap_size}, SoftTargetSettings, what='soft_targets')[0]
        soft_targets(teachers, run/f'cache_{tsize}', wd/'soft_hm.pt', sts, split=sp, log=print)
        ms, fs, kd = config_settings(s, ModelSettings, FitSettings, DistillSettings, what='student', tasks=s.get('tasks', cfg.get('tasks')),
                                     bs=s.get('bs', bs), seed=s.get('seed', 0) + 100 * k)
        out = wd/'student_heatmap_kl.pth'
        if not out.exists():
            kd = dataclasses.replace(kd, losses={**(kd.losses or {}), 'points': 'heatmap_kl'}, baseline=False)
            distill(wd/'soft_hm.pt', run/f'cache_{ms.size}', out, ms, fs, kd, split=sp, log=quiet)
        for h, ck in (('smooth_l1', sd/'student.pth'), ('heatmap_kl', out)):
            rep, tab = evaluate(ck, data, 'val', cache=run/f'cache_{ms.size}', settings=EvalSettings(n_boot=1000), progress=False,
                                split_file=run/'split.json', fold=k)
            tab.to_csv(wd/f'{h}.csv', index=False); recs[h].append(records_from_table(tab))
            secs = json.loads(Path(str(ck) + '.json').read_text()).get('seconds')
            runs[f'{h}/seed{k}'] = dict(train_seconds=secs, n_images=rep['n_images'], **{m: rep[m] for m in METRICS if m in rep})
            print(f"seed {k} {h:>10}: OD {rep['od_px']['value']:.1f} px, fovea {rep['fovea_px']['value']:.1f} px, "
                  f"joint accuracy {rep['joint_accuracy']['value']:.3f}", flush=True)
    comp = compare_pair(recs['heatmap_kl'], recs['smooth_l1'], metrics=METRICS, n_boot=1000)
    for m, r in comp.items(): print(finding('heatmap_kl', 'smooth_l1', m, r))
    res = dict(benchmark='landmark_kd_idrid', run=str(run), config=cfg.get('name'), seeds=a.seeds, heatmap_size=a.heatmap_size,
               student=s, cpus=os.cpu_count(), torch=torch.__version__,
               date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), runs=runs,
               paired=dict(heatmap_kl_minus_smooth_l1=comp),
               mean={h: {m: float(np.mean([runs[f'{h}/seed{k}'][m]['value'] for k in range(a.seeds)])) for m in METRICS
                         if all(m in runs[f'{h}/seed{k}'] for k in range(a.seeds))} for h in ARMS})
    save_json(res, a.out); print(f'wrote {a.out}')
    print('\n| landmark distillation | OD mean px | OD median px | OD within radius | fovea mean px | fovea median px | joint acc | DR QWK |\n|---|---|---|---|---|---|---|---|')
    for h in ARMS:
        m = res['mean'][h]
        print(f"| {h} | {m['od_px']:.1f} | {m['od_median_px']:.1f} | {m['od_within_radius']:.3f} | {m['fovea_px']:.1f} | {m['fovea_median_px']:.1f} | "
              f"{m['joint_accuracy']:.3f} | {m['dr_qwk']:.3f} |")

if __name__ == '__main__': main()
