"""Temperature x alpha sweep on IDRiD: one distilled student per (T, alpha), plus the scratch student.

    python bench/kd_sweep_idrid.py [--data ../shared/data/idrid] [--work /tmp/real] [--size 128] [--epochs 4]

Needs WORK/soft.pt from bench/distill_idrid.py (the 3-teacher ensemble's soft targets). Each
student is EfficientNet-Lite0 (ImageNet weights) at SIZE px for EPOCHS epochs, same split (seed 42),
same init seed; only T and alpha change. Writes bench/results/kd_sweep_idrid.json and
bench/results/kd_sweep_idrid.png (DR macro AUC and joint accuracy vs T).
"""
import argparse, os, sys, datetime, time
from pathlib import Path
import torch, matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from mtkd_nb.core import shared_data, save_json
from mtkd_nb.soft_targets import SoftTargets, prepared_table
from mtkd_nb.data.split import load_split
from mtkd_nb.train import ModelSettings, FitSettings
from mtkd_nb.students import kd_sweep, plot_sweep

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/real'); ap.add_argument('--size', type=int, default=128)
    ap.add_argument('--epochs', type=int, default=4); ap.add_argument('--temperatures', type=float, nargs='+', default=[1, 2, 4, 16, 32, 64])
    ap.add_argument('--alphas', type=float, nargs='+', default=[0.2, 0.5])
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    w = Path(a.work); soft = SoftTargets.load(w/'soft.pt').check()
    table = load_split(w/'split.json').apply(prepared_table(data, a.size, w))
    t0 = time.perf_counter()
    sw = kd_sweep(table, soft, ModelSettings('efficientnet_lite0', 'dr,dme,fovea,od', a.size), a.temperatures, a.alphas,
                  FitSettings(epochs=a.epochs, lr=2e-3, bs=16, seed=42), device=torch.device('cpu'))
    secs = time.perf_counter() - t0
    out = Path(__file__).parent/'results'
    fig, axs = plt.subplots(1, 2, figsize=(10, 3.4))
    plot_sweep(sw, 'dr_auc', axs[0], f'IDRiD, EfficientNet-Lite0 student at {a.size} px, {a.epochs} epochs')
    plot_sweep(sw, 'joint_accuracy', axs[1], 'joint DR+DME accuracy')
    fig.tight_layout(); fig.savefig(out/'kd_sweep_idrid.png', dpi=110)
    save_json(dict(benchmark='kd_sweep_idrid', size=a.size, epochs=a.epochs, soft=str(w/'soft.pt'), seconds=round(secs, 1),
                   cpus=os.cpu_count(), torch=torch.__version__, date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                   rows=sw.astype(object).where(sw.notna(), None).to_dict('records')), out/'kd_sweep_idrid.json')
    print(sw[['T', 'alpha', 'dr_accuracy', 'dr_qwk', 'dr_auc', 'dme_accuracy', 'joint_accuracy', 'fovea_px', 'od_px']].to_string(float_format=lambda v: f'{v:.3f}'))
    print(f'{secs:.0f} s; wrote bench/results/kd_sweep_idrid.json and .png')

if __name__ == '__main__': main()
