"""Real-data teacher: fixed vs uncertainty task weighting, same split, same seed, one run.

    python bench/teacher_idrid.py [--data ../shared/data/idrid] [--out /tmp/teacher_idrid]
    python bench/teacher_idrid.py --collect DIR      # only gather DIR/teacher_*.pth.json

Each weighting trains exactly what this command does (also printed):

    mtkd_train CACHE --out DIR/teacher_W.pth --arch efficientnet_lite0 --tasks dr,dme,fovea,od \
        --size 320 --epochs 12 --lr 2e-3 --bs 16 --weighting W --seed 42

i.e. EfficientNet-Lite0 (real ImageNet weights from PyPI), 320 px, a stratified (by DR),
duplicate-aware 80/20 split of the IDRiD training split, one-cycle schedule, then writes
bench/results/teacher_idrid.json with the validation metrics (DR QWK, DME accuracy, joint
accuracy, fovea / optic-disc error in the pixels of the 1024x680 files).
"""
import argparse, json, os, platform, subprocess, sys, datetime
from pathlib import Path
import torch
from mtkd_nb.core import shared_data, save_json
from mtkd_nb.data.prepare import prepare

ARGS = ['--arch', 'efficientnet_lite0', '--tasks', 'dr,dme,fovea,od', '--size', '320', '--epochs', '12',
        '--lr', '2e-3', '--bs', '16', '--seed', '42']

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--out', default='/tmp/teacher_idrid'); ap.add_argument('--collect')
    ap.add_argument('--weightings', nargs='+', default=['fixed', 'uncertainty'])
    a = ap.parse_args()
    out = Path(a.collect or a.out); out.mkdir(parents=True, exist_ok=True)
    if not a.collect:
        data = Path(a.data) if a.data else shared_data('idrid')
        if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
        cache = out/'cache_320'; prepare(data, cache, size=320, progress=False)
        for w in a.weightings:
            cmd = ['mtkd_train', str(cache), '--out', str(out/f'teacher_{w}.pth'), *ARGS, '--weighting', w]
            print(' '.join(cmd), flush=True); subprocess.run(cmd, check=True)
    res = dict(benchmark='teacher_idrid_weighting', command='mtkd_train CACHE --out DIR/teacher_W.pth ' + ' '.join(ARGS) + ' --weighting W',
               cpus=os.cpu_count(), torch=torch.__version__, device='cuda' if torch.cuda.is_available() else 'cpu',
               date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), runs={})
    for w in a.weightings:
        r = json.loads((out/f'teacher_{w}.pth.json').read_text())
        res['runs'][w] = dict(metrics=r['metrics'], n_train=r['n_train'], n_valid=r['n_valid'], train_seconds=r['seconds'],
                              final_weights=r['task_losses'][-1]['weights'])
        m = r['metrics']
        print(f"{w:>12}: DR acc {m['dr_accuracy']:.3f} QWK {m['dr_qwk']:.3f} | DME acc {m['dme_accuracy']:.3f} | joint {m['joint_accuracy']:.3f} "
              f"| fovea {m['fovea_px']:.1f} px, OD {m['od_px']:.1f} px | {r['seconds']:.0f} s")
    save_json(res, Path(__file__).parent/'results'/'teacher_idrid.json'); print('wrote bench/results/teacher_idrid.json')

if __name__ == '__main__': main()
