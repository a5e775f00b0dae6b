"""How well the teachers grade the views a consistently taught student sees: per seed of a pipeline run, the calibrated
teacher ensemble that made the run's soft targets (its members, temperatures and weights, its compute mode) grades the fold's
validation photos at its input size as they are (plain) and as training augments them (`06_data.block`'s `fundus_block`
transforms, the views `22_distill`'s `teacher_view` hands it), without flip TTA; DR accuracy, DR QWK and DME accuracy against the
labels, mean and sd over the seeds, and the augmented-minus-plain difference. Nothing is trained.

    python bench/teacher_views.py --run RUN [--passes 2] [--out bench/results/teacher_views.json]

RUN is a pipeline run folder (`mtkd_pipeline --out RUN`): its `split.json`, `cache_SIZE` at the teachers' size and `seed_K/soft.pt`.
A description of the targets' quality on photos no teacher trained on, not a paired comparison of students.
"""
import argparse
from pathlib import Path
import numpy as np, pandas as pd, torch
from fastai.torch_core import set_seed
from mtkd_nb.data.prepare import load_manifest
from mtkd_nb.data.block import fundus_dls
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.soft_targets import SoftTargets
from mtkd_nb.ensemble import load_ensemble
from mtkd_nb.compute import mode_flags
from mtkd_nb.metrics import quadratic_kappa
from mtkd_nb.report import save_result, environment

def grade(ens, dl, tnames, bf16: bool, cl: bool) -> dict:
    "The ensemble's DR and DME probabilities on every batch of `dl`, with the batches' labels (targets named `tnames`)"
    names, out = list(ens.names), {t: ([], []) for t in ('dr', 'dme') if t in ens.names}
    with torch.no_grad():
        for x, *ys in dl:
            xi = x.contiguous(memory_format=torch.channels_last) if cl else x
            with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16): o = ens(xi)
            for t, (p, y) in out.items():
                p.append(torch.softmax(o[names.index(t)].float(), -1)); y.append(torch.as_tensor(ys[tnames.index(t)]).long())
    return {t: (torch.cat(p).numpy(), torch.cat(y).numpy()) for t, (p, y) in out.items()}

def scores(g: dict) -> dict:
    "DR accuracy and QWK, DME accuracy, on the photos with a label"
    res = {}
    for t, (p, y) in g.items():
        ok = y >= 0
        res[f'{t}_accuracy'] = float((p[ok].argmax(1) == y[ok]).mean())
        if t == 'dr': res['dr_qwk'] = float(quadratic_kappa(y[ok], p[ok]))
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
    save_result(res, a.out, RUN=run.root)
    for m in ms: print(f"{m}: plain {summ[m]['plain']['mean']:.3f}, augmented {summ[m]['augmented']['mean']:.3f} ({summ[m]['augmented_minus_plain']['mean']:+.3f})")
    print(f'wrote {a.out}')

if __name__ == '__main__': main()
