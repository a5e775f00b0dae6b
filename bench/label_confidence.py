"""How much the teachers memorise the labelled photos they trained on: per seed of a pipeline run, the ensemble's soft
targets (`soft.pt`) scored against the labels on the fold's training photos and on its validation photos
(`21_soft_targets`' `label_confidence`: accuracy, mean probability of the label, negative log-likelihood), and the
training-minus-validation gap, mean and sd over the seeds. Nothing is trained; the run's files are read as they are.

    python bench/label_confidence.py --run RUN [--soft 'WORK/crossfit2/seed_{k}/soft_crossfit.pt'] [--out bench/results/label_confidence.json]

RUN is a pipeline run folder (`mtkd_pipeline --out RUN`): its `split.json`, `cache_SIZE` (the size of the soft targets)
and `seed_K/soft.pt`, or, with `--soft`, other soft targets of the same run and split, one file per seed (`{k}` the seed): e.g.
the cross-fitted ones of `bench/student_variant_idrid.py --crossfit 2`, to see whether out-of-fold targets stop repeating the labels.
"""
import argparse, datetime
from pathlib import Path
import pandas as pd
from mtkd_nb.data.prepare import load_manifest
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.soft_targets import SoftTargets, label_confidence
from mtkd_nb.report import save_result

def seed_rows(run: RunLayout, k: int, soft: Path) -> tuple:
    "`label_confidence` of seed `k`'s soft targets (file `soft`) on its fold's training and validation photos, and the file's settings"
    st, sp = SoftTargets.load(soft), run.load_split(k)
    if not sp.same(st.meta.get('split')): raise SystemExit(f"{st.path}: made for another split or fold than {run.split_file} fold {k}")
    table = sp.apply(load_manifest(run.cache(st.meta['size'])))
    return label_confidence(st, table).assign(seed=k), {m: st.meta.get(m) for m in ('tta', 'combine', 'size', 'compute')} | {'crossfit': (st.meta.get('crossfit') or {}).get('k')}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True, help='a pipeline run folder')
    ap.add_argument('--soft', help="soft-target files to score instead of the run's, '{k}' standing for the seed")
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'label_confidence.json'))
    a = ap.parse_args(); run = RunLayout(a.run)
    soft = lambda k: Path(a.soft.format(k=k)) if a.soft else run.soft(k)      # seed k's soft-target file
    seeds = [k for k in run.seeds if soft(k).exists()]
    if not seeds: raise SystemExit(f"{run}: no seed_K/soft.pt; run the pipeline's soft_targets stage first" if not a.soft else f"--soft {a.soft}: no such file for any seed of {run}")
    per_seed = [seed_rows(run, k, soft(k)) for k in seeds]
    rows = pd.concat([r for r, _ in per_seed], ignore_index=True)
    cfg = run.read_config() if run.config_file.exists() else {}
    summary = {}
    for task, d in rows.groupby('task', sort=False):
        w = d.pivot(index='seed', columns='role', values=['accuracy', 'p_label', 'nll'])
        summary[task] = {m: {r: dict(mean=round(float(w[m][r].mean()), 4), sd=round(float(w[m][r].std(ddof=1)), 4) if len(w) > 1 else None) for r in ('train', 'valid')}
                         | {'gap': dict(mean=round(float((w[m]['train'] - w[m]['valid']).mean()), 4), sd=round(float((w[m]['train'] - w[m]['valid']).std(ddof=1)), 4) if len(w) > 1 else None)}
                         for m in ('accuracy', 'p_label', 'nll')} | {'n': {r: int(d[d.role == r].n.mean()) for r in ('train', 'valid')}}
    out = dict(benchmark='label_confidence', run=Path(a.run).name, config=cfg.get('name'), seeds=seeds,
               soft_targets=per_seed[0][1], soft_files=a.soft or 'seed_K/soft.pt',
               rows=[{k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()} for r in rows.to_dict('records')], summary=summary,
               date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'))
    save_result(out, a.out, RUN=run.root.resolve(), **({'SOFT': Path(a.soft.split('{')[0] + 'x').parent.resolve()} if a.soft else {}))   # paths written relative to these
    for t, s in summary.items():
        print(f"{t}: p_label train {s['p_label']['train']['mean']:.3f} valid {s['p_label']['valid']['mean']:.3f} (gap {s['p_label']['gap']['mean']:+.3f}); "
              f"accuracy train {s['accuracy']['train']['mean']:.3f} valid {s['accuracy']['valid']['mean']:.3f}; nll train {s['nll']['train']['mean']:.3f} valid {s['nll']['valid']['mean']:.3f}")

if __name__ == '__main__': main()
