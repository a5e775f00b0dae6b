"""How well the teachers grade the views a consistently taught student sees: per seed of a pipeline run, the calibrated
teacher ensemble that made the run's soft targets (its members, temperatures and weights, its compute mode) grades the fold's
validation photos at its input size as they are (plain) and as training augments them (`06_data.block`'s `fundus_block`
transforms, the views `22_distill`'s `teacher_view` hands it), without flip TTA; DR accuracy, DR QWK and DME accuracy against the
labels, mean and sd over the seeds, and the augmented-minus-plain difference. Nothing is trained.

    python bench/teacher_views.py --run RUN [--passes 2] [--students NAME=WORK/.../seed_{k}/student.pth ...] [--out bench/results/teacher_views.json]

With `--students`, each student is also graded on the validation photos prepared at its own size (as `evaluate` scores it)
and on the same photos resized from the teachers' size (as `teacher_view` trains it): the resampling gap between the two.

RUN is a pipeline run folder (`mtkd_pipeline --out RUN`): its `split.json`, `cache_SIZE` at the teachers' size and `seed_K/soft.pt`.
A description of the targets' quality on photos no teacher trained on, not a paired comparison of students.
"""
import argparse, os
from pathlib import Path
import numpy as np, pandas as pd, torch, torch.nn.functional as F
from fastai.torch_core import set_seed
from mtkd_nb.data.prepare import load_manifest
from mtkd_nb.data.block import fundus_dls
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.soft_targets import SoftTargets
from mtkd_nb.ensemble import load_ensemble
from mtkd_nb.compute import mode_flags
from mtkd_nb.scores import Records, grade_metrics, joint_accuracy
from mtkd_nb.report import save_result, environment
from mtkd_nb.checkpoints import load_model

def grade(ens, dl, tnames, bf16: bool = False, cl: bool = False, size: int | None = None) -> dict:
    "The DR and DME probabilities of `ens` (an ensemble, or one network) on every batch of `dl` (resized to `size` first, antialiased bilinear, as `teacher_view` hands a student its views), with the batches' labels (targets named `tnames`)"
    names = list(getattr(ens, 'names', None) or ens.tasks.outputs)
    out = {t: ([], []) for t in ('dr', 'dme') if t in names}
    with torch.no_grad():
        for x, *ys in dl:
            if size and x.shape[-1] != size: x = F.interpolate(x, size=(size, size), mode='bilinear', align_corners=False, antialias=True)
            xi = x.contiguous(memory_format=torch.channels_last) if cl else x
            with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16): o = ens(xi)
            for t, (p, y) in out.items():
                p.append(torch.softmax(o[names.index(t)].float(), -1)); y.append(torch.as_tensor(ys[tnames.index(t)]).long())
    return {t: (torch.cat(p).numpy(), torch.cat(y).numpy()) for t, (p, y) in out.items()}

def scores(g: dict) -> dict:
    "DR accuracy and QWK, DME accuracy, on the photos with a label; joint DR and DME accuracy on the photos with both (29_scores' metric functions)"
    rec = Records(pd.DataFrame(index=range(len(next(iter(g.values()))[1]))), probs={t: p for t, (p, _) in g.items()}, labels={t: y for t, (_, y) in g.items()})
    ix, res = np.arange(len(rec)), {}
    for t in g:
        fs = grade_metrics(t); res[f'{t}_accuracy'] = fs[f'{t}_accuracy'](rec, ix)
        if t == 'dr': res['dr_qwk'] = fs['dr_qwk'](rec, ix)
    if {'dr', 'dme'} <= set(g): res['joint_accuracy'] = joint_accuracy(rec, ix)
    return res

def student_scores(run: RunLayout, k: int, students: dict) -> dict:
    "Seed `k`: each student (name -> checkpoint, '{k}' the seed) on the validation photos prepared at its size (as `evaluate` scores it) and on the same photos resized from the teachers' size (as `teacher_view` trains it)"
    st, sp = SoftTargets.load(run.soft(k)), run.load_split(k)
    res = {}
    for name, pat in students.items():
        m = load_model(pat.format(k=k), 'cpu').eval(); sz = m.config['size']
        res[name] = {}
        for how, size in (('own_size', sz), ('from_teacher_size', st.meta['size'])):
            man = sp.apply(load_manifest(run.cache(size)))
            dls = fundus_dls(man[man.role.isin(['train', 'valid'])], 'dr,dme', bs=16, seed=k, device=torch.device('cpu'), labelled_only=False)
            res[name][how] = scores(grade(m, dls.valid, dls.target_names, size=sz))
    return res

def seed_scores(run: RunLayout, k: int, passes: int) -> dict:
    "Seed `k`: the ensemble's scores on its validation photos, plain and in `passes` augmented passes (their mean)"
    st, sp = SoftTargets.load(run.soft(k)), run.load_split(k)
    ens = load_ensemble([r['path'] for r in st.meta['teachers']], combine=st.meta['combine'], device='cpu').eval()
    if st.meta.get('calibration'): ens.calibrate(**st.meta['calibration'])
    bf16, cl = mode_flags(st.meta.get('compute') or 'fp32')
    if cl: ens.to(memory_format=torch.channels_last)
    man = sp.apply(load_manifest(run.cache(st.meta['size'])))
    val = man[man.role == 'valid'].reset_index(drop=True)
    both = pd.concat([val.assign(role='train'), val], ignore_index=True)          # the same photos as a training set: augmented as training augments
    dls = fundus_dls(both, 'dr,dme', bs=16, seed=k, device=torch.device('cpu'), labelled_only=False)
    res = dict(n_photos=len(val), plain=scores(grade(ens, dls.valid, dls.target_names, bf16, cl)))
    aug = []
    for i in range(passes):
        set_seed(1000 * k + i)
        aug.append(scores(grade(ens, dls.train.new(shuffle=False, drop_last=False), dls.target_names, bf16, cl)))
    res['augmented'] = {m: float(np.mean([a[m] for a in aug])) for m in aug[0]}
    res['augmented_passes'] = aug
    return res

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True, help='a pipeline run folder')
    ap.add_argument('--passes', type=int, default=2, help='augmented passes over the validation photos per seed')
    ap.add_argument('--students', nargs='*', default=[], help="NAME=CHECKPOINT ('{k}' the seed): students also graded on their own-size photos and on photos resized from the teachers' size")
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'teacher_views.json'))
    a = ap.parse_args(); run = RunLayout(a.run)
    seeds = [k for k in run.seeds if run.soft(k).exists()]
    if not seeds: raise SystemExit(f"{run}: no seed_K/soft.pt; run the pipeline's soft_targets stage first")
    per = {f'seed{k}': seed_scores(run, k, a.passes) for k in seeds}
    ms = list(per[f'seed{seeds[0]}']['plain'])
    summ = {m: {v: dict(mean=float(np.mean([per[s][v][m] for s in per])), sd=float(np.std([per[s][v][m] for s in per], ddof=1)) if len(per) > 1 else None)
                for v in ('plain', 'augmented')} for m in ms}
    for m in ms: summ[m]['augmented_minus_plain'] = dict(mean=summ[m]['augmented']['mean'] - summ[m]['plain']['mean'],
                                                         per_seed=[per[s]['augmented'][m] - per[s]['plain'][m] for s in per])
    res = dict(benchmark='teacher_views', run=str(run.root), passes=a.passes, seeds=seeds, per_seed=per, summary=summ, **environment())
    studs = dict(x.split('=', 1) for x in a.students)
    if studs:
        sp = {f'seed{k}': student_scores(run, k, studs) for k in seeds}
        res['students'] = dict(per_seed=sp, mean={n: {h: {m: float(np.mean([sp[s][n][h][m] for s in sp])) for m in sp[f'seed{seeds[0]}'][n][h]}
                                                     for h in ('own_size', 'from_teacher_size')} for n in studs})
        for n, v in res['students']['mean'].items(): print(f"{n}: " + '; '.join(f"{h} joint {v[h]['joint_accuracy']:.3f}, DR QWK {v[h]['dr_qwk']:.3f}" for h in v))
    work = {'WORK': Path(os.path.commonpath([str(Path(p).parent) for p in studs.values()]))} if studs else {}   # the students' folder, named in the result as WORK
    save_result(res, a.out, RUN=run.root, **work)
    for m in ms: print(f"{m}: plain {summ[m]['plain']['mean']:.3f}, augmented {summ[m]['augmented']['mean']:.3f} ({summ[m]['augmented_minus_plain']['mean']:+.3f})")
    print(f'wrote {a.out}')

if __name__ == '__main__': main()
