"""One change to a finished pipeline run's distilled student, measured pair-wise: the run's student against the same student
trained again with that change (same teachers, photos, seeds and schedule), scored on the same validation photos.

    python bench/student_variant_idrid.py --run RUN --name NAME [--soft KEY=VALUE ...] [--student KEY=VALUE ...]
                                          [--data ../shared/data/idrid] [--work /tmp/variants] [--seeds 3] [--out JSON]

RUN is a finished `mtkd_pipeline` (or one fraction folder of `mtkd_label_efficiency`). For each seed k the teachers of
RUN/seed_k are reused; where `--soft` changes the soft targets (e.g. `heatmap_size=64`, `members=true`) they are
recomputed with the run's settings plus those; the run's student settings plus `--student` (e.g.
`losses={"points":"heatmap_kl"}`, `per_teacher=true`) train the variant. `--crossfit K` makes the variant's soft targets
cross-fitted: every teacher of the run's config trained again without each of K inner folds of the labelled training
photos (90_pipeline's `crossfit_parts`, recorded in WORK/NAME), their outputs replacing the ensemble's on those photos
(21_soft_targets' `out_of_fold`). `--choose_kd JSON` (e.g. '{"temperature": [1, 4], "alpha": [0.2, 0.8]}') chooses the
variant's temperature and alpha per output on each fold's calibration photos first (90_pipeline's `choose_kd`: one student per
candidate, recorded in WORK/NAME). Both students are scored on fold k's
validation photos (`evaluate` with the run's `evaluate` settings, e.g. lesions at its `mask_size`; pixels of the evaluated files) and compared on the same photos: paired differences per
seed and under the decision rule of 34_compare (mean of per-seed differences, hierarchical bootstrap). Writes bench/results/student_NAME_idrid.json and prints a table. A variant
student already in WORK/NAME/seed_k is reused: delete that folder to train it again.

    python bench/student_variant_idrid.py --run RUN --name heatmap_kl --soft heatmap_size=64 --student 'losses={"points":"heatmap_kl"}'
    python bench/student_variant_idrid.py --run RUN --name per_teacher --soft members=true --student per_teacher=true
    python bench/student_variant_idrid.py --run RUN --name crossfit2 --crossfit 2
    python bench/student_variant_idrid.py --run RUN --name choose_kd --choose_kd '{"temperature": [1, 4], "alpha": [0.2, 0.8]}'
"""
import argparse, json, os, sys, datetime, dataclasses
from pathlib import Path
import numpy as np, torch
from mtkd_nb.core import shared_data
from mtkd_nb.report import save_result
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.train import ModelSettings, FitSettings
from mtkd_nb.soft_targets import soft_targets, SoftTargetSettings, SoftTargets, out_of_fold
from mtkd_nb.distill import distill
from mtkd_nb.kd_losses import DistillSettings
from mtkd_nb.run_config import config_settings, set_option
from mtkd_nb.stages import crossfit_parts, choose_kd
from mtkd_nb.evaluate import evaluate, EvalSettings
from mtkd_nb.scores import records_from_table
from mtkd_nb.compare import compare_pair, decide, finding, LESION_METRICS

METRICS = ('dr_accuracy', 'dr_qwk', 'dme_accuracy', 'joint_accuracy', 'fovea_px', 'fovea_median_px', 'fovea_within_radius',
           'od_px', 'od_median_px', 'od_within_radius') + LESION_METRICS          # lesion scores where the student segments
quiet = lambda *a: None

def options(pairs) -> dict:
    "KEY=VALUE assignments (values parsed as JSON where they parse) as a dict"
    out = {}
    for p in pairs or []: set_option(out, p)
    return out

def run_variant(run, name, soft=None, student=None, data=None, work='/tmp/variants', seeds=3, n_boot=1000, crossfit: int = 0, kd_choice: dict | None = None, log=print) -> dict:
    "Train the variant of `run`'s student per seed, score both, compare pair-wise; the result as a dict"
    run, w = RunLayout(run), RunLayout(Path(work)/name); w.root.mkdir(parents=True, exist_ok=True)     # the variant's folder, laid out as a run's
    cfg = run.read_config()
    merge = lambda a, b: {**a, **{k: {**a[k], **v} if isinstance(v, dict) and isinstance(a.get(k), dict) else v for k, v in (b or {}).items()}}
    s, st_cfg = merge(cfg['student'], student), merge(cfg.get('soft_targets', {}), soft)
    ul = lambda z: run.cache(z, unlabelled=True) if cfg.get('unlabeled') else None     # the run's unlabelled folder, prepared at size z
    ev = config_settings({**cfg.get('evaluate', {}), 'n_boot': n_boot}, EvalSettings, what='evaluate')[0]   # scored as the run scored it (e.g. lesions at mask_size)
    tsize, bs = max(t['size'] for t in cfg['teachers']), cfg.get('bs', 16)
    arms, recs, runs, chosen = ('run', name), {'run': [], name: []}, {}, {}
    for k in range(seeds):
        wd, sp = w.seed(k), run.load_split(k)
        wd.mkdir(exist_ok=True)
        softf = run.soft(k)
        if soft:
            teachers = [run.ensemble(k)] if 'calibrate' in cfg else [run.teacher(k, t['name']) for t in cfg['teachers']]   # as the run's student learnt from them
            softf = w.soft(k)
            soft_targets(teachers, run.cache(tsize), softf, config_settings(st_cfg, SoftTargetSettings, what='soft_targets')[0], unlabeled=ul(tsize), split=sp, log=log)
        if crossfit:                                  # out-of-fold outputs on the labelled training photos
            parts = crossfit_parts(data, run, {**cfg, 'crossfit': int(crossfit)}, k, log=log, root=w)
            if not (wd/'soft_crossfit.pt').exists(): out_of_fold(SoftTargets.load(softf), [(c, ids) for c, ids, _ in parts], run.cache(tsize), work=run.root, out=wd/'soft_crossfit.pt')
            softf = wd/'soft_crossfit.pt'
        s_k = s
        if kd_choice:                                 # temperature and alpha per output, chosen on the fold's calibration photos
            ch = choose_kd(data, run, {**cfg, 'student': s, 'choose_kd': kd_choice}, k, softf, log=log, root=w)
            s_k, chosen[f'seed{k}'] = {**s, **ch['chosen']}, dict(chosen=ch['chosen'], n_photos=ch['n_photos'], by=ch['by'],
                                                                   candidates=[{c: v for c, v in x.items() if c not in ('file', 'sha256')} for x in ch['candidates']])
        ms, fs, kd = config_settings(s_k, ModelSettings, FitSettings, DistillSettings, what='student', tasks=s.get('tasks', cfg.get('tasks')),
                                     bs=s.get('bs', bs), seed=s.get('seed', 0) + 100 * k)
        out = w.student(k)
        if not out.exists(): distill(softf, run.cache(ms.size), out, ms, fs, dataclasses.replace(kd, baseline=False, self_training=None), unlabeled=ul(ms.size), split=sp, log=quiet)
        for h, ck in (('run', run.student(k)), (name, out)):
            rep, tab = evaluate(ck, data, 'val', cache=run.cache(ms.size), settings=ev, progress=False, split_file=run.split_file, fold=k)
            tab.to_csv(wd/f'{h}.csv', index=False); recs[h].append(records_from_table(tab))
            runs[f'{h}/seed{k}'] = dict(train_seconds=json.loads(Path(str(ck) + '.json').read_text()).get('seconds'), n_images=rep['n_images'],
                                        **{m: rep[m] for m in METRICS if m in rep})
            log(f"seed {k} {h:>12}: " + ', '.join(f"{m} {rep[m]['value']:.3f}" for m in ('joint_accuracy', 'dr_qwk', 'od_px', 'fovea_px') if m in rep))
    mets = tuple(m for m in METRICS if all(m in r for r in runs.values()))
    comp = decide({name: compare_pair(recs[name], recs['run'], metrics=mets, n_boot=n_boot)})[name]
    for m, r in comp.items(): log(finding(name, "the run's student", m, r))
    return dict(benchmark=f'student_{name}_idrid', run=str(run), config=cfg.get('name'), seeds=seeds, soft_changes=soft or {}, student_changes=student or {}, crossfit=int(crossfit), choose_kd=kd_choice or {}, chosen=chosen,
                student=s, run_student=cfg['student'], cpus=os.cpu_count(), torch=torch.__version__, date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                runs=runs, paired={f'{name}_minus_run': comp},
                mean={h: {m: float(np.mean([runs[f'{h}/seed{k}'][m]['value'] for k in range(seeds)])) for m in mets
                          if all(runs[f'{h}/seed{k}'].get(m, {}).get('value') is not None for k in range(seeds))} for h in arms})

def print_table(res: dict, name: str):
    cols = [('joint_accuracy', 'joint acc', 3), ('dr_qwk', 'DR QWK', 3), ('od_px', 'OD px', 1), ('od_median_px', 'OD median px', 1),
            ('od_within_radius', 'OD within radius', 3), ('fovea_px', 'fovea px', 1), ('fovea_median_px', 'fovea median px', 1),
            ('lesions_aupr', 'lesion AUPR', 3), ('aupr_EX', 'EX', 3), ('aupr_HE', 'HE', 3), ('aupr_SE', 'SE', 3)]
    cols = [c for c in cols if any(c[0] in m for m in res['mean'].values())]
    print('\n| student | ' + ' | '.join(c[1] for c in cols) + ' |\n' + '|---' * (len(cols) + 1) + '|')
    for h, label in (('run', "the run's"), (name, f"{name} ({', '.join(f'{k}={v}' for k, v in {**res['soft_changes'], **res['student_changes'], **({'crossfit': res['crossfit']} if res.get('crossfit') else {}), **({'choose_kd': json.dumps(res['choose_kd'])} if res.get('choose_kd') else {})}.items())})")):
        m = res['mean'][h]; print(f"| {label} | " + ' | '.join(f"{m[k]:.{nd}f}" if k in m else '-' for k, _, nd in cols) + ' |')

def main(argv=None, name=None, soft=None, student=None, out=None, doc=__doc__):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--name', default=name, required=name is None)
    ap.add_argument('--soft', nargs='*', default=soft or []); ap.add_argument('--student', nargs='*', default=student or [])
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/variants'); ap.add_argument('--seeds', type=int, default=3)
    ap.add_argument('--n_boot', type=int, default=1000); ap.add_argument('--out', default=out)
    ap.add_argument('--crossfit', type=int, default=0, help='K > 1: cross-fitted soft targets from teachers retrained without each of K inner folds')
    ap.add_argument('--choose_kd', type=json.loads, default=None, help='JSON: temperature and alpha per output chosen on the calibration photos, e.g. {"alpha": [0.2, 0.8]}')
    a = ap.parse_args(argv)
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    res = run_variant(a.run, a.name, options(a.soft), options(a.student), data, a.work, a.seeds, a.n_boot, a.crossfit, a.choose_kd)
    out = a.out or str(Path(__file__).parent/'results'/f'student_{a.name}_idrid.json')
    save_result(res, out, argv=None if argv is None else ['bench/student_variant_idrid.py', *argv], RUN=a.run, DATA=data, WORK=a.work)
    print(f'wrote {out}'); print_table(res, a.name)

if __name__ == '__main__': main()
