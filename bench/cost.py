"""Cost table: parameters, FLOPs per photo and CPU latency (batch 1 and 32, fixed threads) of the
real-data teachers, their ensemble and the students.

    python bench/cost.py [--work /tmp/real] [--threads 2]

Reads the teacher checkpoints of bench/distill_idrid.py from WORK (each at its own training size)
and its student; adds untrained MobileNetV2 / V3 and ResNet18 students at the student's size for
comparison (cost does not depend on the weights). Writes bench/results/cost.json.
"""
import argparse, os, datetime, json
from pathlib import Path
import torch
from mtkd_nb.core import save_json
from mtkd_nb.models import MultiTaskModel
from mtkd_nb.train import load_model
from mtkd_nb.ensemble import load_ensemble
from mtkd_nb.students import cost_table

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--work', default='/tmp/real'); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--min_run_time', type=float, default=2.)
    a = ap.parse_args()
    torch.set_num_threads(a.threads); w = Path(a.work); cpu = torch.device('cpu')
    ts = [w/f'teacher_{n}.pth' for n in ('fixed', 'uncertainty', 'drdme')]
    models = {}
    for t in ts: m = load_model(t, cpu); models[t.stem] = (m, m.config['size'])
    ens = load_ensemble(ts, device=cpu); models['ensemble (3 teachers)'] = (ens, max(ens.sizes))
    st = load_model(w/'student.pth', cpu); size = st.config['size']
    models[f"student {st.config['arch']}"] = (st, size)
    for arch in ('mobilenet_v3_small', 'mobilenet_v3_large', 'mobilenet_v2', 'resnet18'):
        models[f'student {arch}'] = (MultiTaskModel(arch, st.tasks, pretrained=False), size)
    tbl = cost_table(models, threads=a.threads, min_run_time=a.min_run_time)
    print(tbl.to_string(float_format=lambda v: f'{v:.2f}'))
    save_json(dict(benchmark='cost', threads=a.threads, cpus=os.cpu_count(), torch=torch.__version__,
                   date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                   rows=json.loads(tbl.to_json(orient='index'))), Path(__file__).parent/'results'/'cost.json')
    print('wrote bench/results/cost.json')

if __name__ == '__main__': main()
