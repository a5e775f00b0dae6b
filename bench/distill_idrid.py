"""Real-data distillation: 3 teachers -> ensemble -> distilled student and scratch student, one validation split.

    python bench/distill_idrid.py [--data ../shared/data/idrid] [--work /tmp/real]

What it runs (each command is printed):

0. mtkd_split: the stored split of the IDRiD training split (stratified by DR, copy groups kept
   together, conflicting copies excluded; fold 0, seed 42), WORK/split.json, read by every step.
1. Teachers, all on that split, EfficientNet-Lite0 with its ImageNet weights, skipped when WORK already has them:
   - teacher_fixed.pth:       dr,dme,fovea,od at 320 px, 12 epochs, fixed task weights (bench/teacher_idrid.py)
   - teacher_uncertainty.pth: the same with uncertainty weighting
   - teacher_drdme.pth:       dr,dme only, 256 px, 8 epochs, init seed 7 (a task-subset teacher, as in the paper)
2. mtkd_soft_targets over the training and validation photos of the split (the segmentation-only
   photos have no DR/DME label: the student learns from them through the teachers alone), with flip
   test-time augmentation.
3. mtkd_distill: EfficientNet-Lite0 student at 224 px, 10 epochs, T=4, alpha=0.5, and the same
   student without distillation.
4. Each teacher and the ensemble evaluated on the same validation photos (at 320 px).

Writes bench/results/distill_idrid.json.
"""
import argparse, json, os, subprocess, sys, datetime, time
from pathlib import Path
import torch
from mtkd_nb.core import shared_data, save_json
from mtkd_nb.data.prepare import prepare
from mtkd_nb.data.block import fundus_dls
from mtkd_nb.train import load_model
from mtkd_nb.ensemble import TeacherEnsemble, load_ensemble, ensemble_learner
from mtkd_nb.train import validate_dict
from mtkd_nb.data.split import load_split

COMMON = ['--arch', 'efficientnet_lite0', '--lr', '2e-3', '--bs', '16']
TEACHERS = {'teacher_fixed': ['--tasks', 'dr,dme,fovea,od', '--size', '320', '--epochs', '12', '--seed', '42', '--weighting', 'fixed'],
            'teacher_uncertainty': ['--tasks', 'dr,dme,fovea,od', '--size', '320', '--epochs', '12', '--seed', '42', '--weighting', 'uncertainty'],
            'teacher_drdme': ['--tasks', 'dr,dme', '--size', '256', '--epochs', '8', '--seed', '7', '--weighting', 'fixed']}
COLS = ['dr_accuracy', 'dr_qwk', 'dr_auc', 'dme_accuracy', 'dme_auc', 'joint_accuracy', 'fovea_px', 'od_px']

def sh(cmd):
    print('$ ' + ' '.join(map(str, cmd)), flush=True); t0 = time.perf_counter()
    subprocess.run(list(map(str, cmd)), check=True); return round(time.perf_counter() - t0, 1)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/real')
    ap.add_argument('--student_size', type=int, default=224); ap.add_argument('--epochs', type=int, default=10)
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    w = Path(a.work); w.mkdir(parents=True, exist_ok=True)
    secs, cmds = {}, {}
    if not (w/'split.json').exists(): sh(['mtkd_split', data, '--out', w/'split.json'])
    split = load_split(w/'split.json')
    for name, args in TEACHERS.items():
        size = args[args.index('--size') + 1]
        prepare(data, w/f'cache_{size}', size=int(size), progress=False)
        cmd = ['mtkd_train', w/f'cache_{size}', '--out', w/f'{name}.pth', '--split_file', w/'split.json', *COMMON, *args]; cmds[name] = ' '.join(map(str, cmd))
        if not (w/f'{name}.pth').exists(): secs[name] = sh(cmd)
        else: secs[name] = json.loads((w/f'{name}.pth.json').read_text())['seconds']
    teachers = [w/f'{n}.pth' for n in TEACHERS]
    cmd = ['mtkd_soft_targets', '--teachers', *teachers, '--data', data, '--out', w/'soft.pt', '--tta']
    cmds['soft_targets'] = ' '.join(map(str, cmd)); secs['soft_targets'] = sh(cmd)
    cmd = ['mtkd_distill', '--soft', w/'soft.pt', '--arch', 'efficientnet_lite0', '--data', data, '--out', w/'student.pth',
           '--size', a.student_size, '--epochs', a.epochs, '--lr', '2e-3', '--temperature', '4', '--alpha', '0.5', '--seed', '42']
    cmds['distill'] = ' '.join(map(str, cmd))
    if not (w/'student.pth.json').exists(): sh(cmd)
    rep = json.loads((w/'student.pth.json').read_text())
    rows = {}
    cpu = torch.device('cpu')
    for t in teachers:
        m = load_model(t, cpu)
        dls = fundus_dls(w/'cache_320', m.tasks, split=split, bs=32, device=cpu)
        rows[t.stem] = validate_dict(ensemble_learner(dls, TeacherEnsemble([m], sizes=[m.config['size']])))
    ens = load_ensemble(teachers, device=cpu)
    dls = fundus_dls(w/'cache_320', ens.tasks, split=split, bs=32, device=cpu)
    assert dls.valid.items.image_id.tolist() == fundus_dls(w/f'cache_{a.student_size}', ens.tasks, split=split, bs=32, device=cpu).valid.items.image_id.tolist()
    rows['ensemble'] = validate_dict(ensemble_learner(dls, ens))
    rows['ensemble (soft targets, flip TTA)'] = rep['ensemble']
    rows['student (distilled)'] = rep['student']; rows['student (scratch)'] = rep['scratch']
    res = dict(benchmark='distill_idrid', commands=cmds, seconds={**secs, **{f'student_{k}': v for k, v in rep['seconds'].items()}},
               n_train=rep['n_train'], n_valid=rep['n_valid'], cpus=os.cpu_count(), torch=torch.__version__,
               device='cuda' if torch.cuda.is_available() else 'cpu',
               date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), rows=rows)
    save_json(res, Path(__file__).parent/'results'/'distill_idrid.json')
    for k, r in rows.items(): print(f"{k:>34}: " + ' '.join(f"{c} {r[c]:.3f}" if r.get(c) is not None else f"{c} -" for c in COLS))
    print('wrote bench/results/distill_idrid.json')

if __name__ == '__main__': main()
