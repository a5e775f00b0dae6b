"""Training and inference speed of every network and size the CPU configs use, in each compute mode (12b_compute: fp32,
bf16 autocast, channels last, both), side by side in one run (the modes interleaved), and the mode `auto` would pick.

    python bench/train_speed.py [--configs idrid_cpu idrid_label_cpu idrid_lesions_cpu] [--steps 3] [--repeats 3]

Writes bench/results/train_speed.json: one row per network, size, phase (train: forward, loss, backward, SGD step; infer:
forward under no_grad) and mode, with photos per second, and per network and phase the ratio of each mode to fp32.
"""
import argparse, datetime, os, platform
from pathlib import Path
import torch
from mtkd_nb.core import parse_tasks
from mtkd_nb.models import MultiTaskModel
from mtkd_nb.compute import MODES, mode_flags, measure_modes
from mtkd_nb.run_config import load_config
from mtkd_nb.report import save_result

def networks(names) -> dict:
    "(arch, size, tasks, landmark head) -> batch size, for the teachers, student and refiners of configs `names`"
    out = {}
    for n in names:
        c = load_config(n)
        for e in [*c['teachers'], c['student']]:
            out.setdefault((e['arch'], e['size'], ','.join(parse_tasks(e.get('tasks', c.get('tasks', 'dr,dme,fovea,od')))), e.get('landmark_head', 'heatmap')), e.get('bs', c.get('bs', 16)))
        for r in c.get('refine', []): out.setdefault((r['arch'], r.get('window_size', 128), r['landmark'], 'heatmap'), c.get('bs', 16))
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--configs', nargs='+', default=['idrid_cpu', 'idrid_label_cpu', 'idrid_lesions_cpu'])
    ap.add_argument('--steps', type=int, default=3); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'train_speed.json'))
    a = ap.parse_args()
    rows, best = [], {}
    for (arch, size, tasks, head), bs in networks(a.configs).items():
        make = lambda: MultiTaskModel(arch, parse_tasks(tasks), pretrained=False, landmark_head=head)
        for phase in ('train', 'infer'):
            r = measure_modes(make, size, bs, train=phase == 'train', steps=a.steps, repeats=a.repeats)
            for m, v in r.items():
                rows.append(dict(arch=arch, size=size, tasks=tasks, bs=bs, phase=phase, mode=m, precision='bf16' if mode_flags(m)[0] else 'fp32',
                                 channels_last=mode_flags(m)[1], photos_per_s=round(v, 3), vs_fp32=round(v / r['fp32'], 3)))
            top = max(r, key=r.get)
            best[f'{arch}@{size} ({tasks}) {phase}'] = dict(fastest=top, ratio=round(r[top] / r['fp32'], 3), auto=top if r[top] >= 1.1 * r['fp32'] else 'fp32')
            print(f"{arch}@{size} {tasks} {phase}: " + ', '.join(f"{m} {v:.1f}/s ({v / r['fp32']:.2f}x)" for m, v in r.items()), flush=True)
    save_result(dict(benchmark='train_speed', configs=a.configs, steps=a.steps, repeats=a.repeats, threads=torch.get_num_threads(), cpus=os.cpu_count(),
                     processor=platform.processor() or platform.machine(), torch=torch.__version__,
                     date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), rows=rows, best=best), a.out)
    print(f'wrote {a.out}')
