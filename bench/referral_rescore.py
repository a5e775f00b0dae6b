"""Referral endpoints of an existing run, from the per-photo tables its evaluate stages kept: each model's ROC AUC of referable DR,
vision-threatening DR and referable DME (12_metrics' `REFERRALS`) per seed, on the scored photos and on the external set, and the
pipeline's pairs compared under the decision rule (34_compare: mean of the per-seed differences, hierarchical bootstrap; the AUCs
are secondary endpoints, Holm over the block); each model's AUC with its interval over the seeds (34_compare's `pooled_interval`). Nothing is trained or predicted again. Operating points need the calibration photos'
tables, which runs made before `30b_screening` did not keep: a run made now has them in results.json (`screening`).

    python bench/referral_rescore.py --run bench/results/pipeline_idrid_cpu [--out bench/results/referral_pipeline_idrid_cpu.json] [--update]

With `--update`, the AUCs in the run's results.json and comparison.json (`screening`) get their intervals over the seeds too.
"""
import argparse, datetime
from pathlib import Path
import numpy as np
from mtkd_nb.metrics import REFERRALS
from mtkd_nb.scores import referral_auc_metric, bootstrap_ci, n_scored
from mtkd_nb.compare import compare_pair, decide, summarise, pooled_interval
from mtkd_nb.report import save_result
from mtkd_nb.run_compare import PAIRS, screening_intervals
from mtkd_nb.core import save_json
from mtkd_nb.run_layout import RunLayout

def rescore(run: RunLayout, n_boot: int = 1000) -> dict:
    "Per set of photos ('scored', and each external set): per-model summaries of the referral AUCs and the pipeline's pairs compared (those naming a reference model, best_member or fair_baseline, have no tables and are left out)"
    evs = run.read_evaluations(); seeds = list(range(len(evs)))
    models = list(evs[0]['reports'])
    sets = {'scored': ('', evs[0]['split']), **{ds: ('_external', ds) for ds in (evs[0].get('external') or {})}}
    out = {}
    for name, (sfx, what) in sets.items():
        recs = {n: [run.records(k, n, sfx) for k in seeds] for n in models if all(run.table(k, n, sfx).exists() for k in seeds)}
        mets = [f'{e}_auc' for e in REFERRALS if all(all(t in r.probs and (r.labels[t] >= 0).any() for t in REFERRALS[e].tasks) for rs in recs.values() for r in rs)]
        reports = {n: [{m: dict(value=referral_auc_metric(m[:-4])(r, np.arange(len(r))), n=n_scored(r, m),
                                ci95=bootstrap_ci(lambda ix, r=r, m=m: referral_auc_metric(m[:-4])(r, ix), len(r), n_boot)) for m in mets} for r in rs]
                   for n, rs in recs.items()}
        comps = decide({lab: compare_pair(recs[a], recs[b], metrics=tuple(mets), n_boot=n_boot) for lab, (a, b) in PAIRS.items() if a in recs and b in recs})
        summ = {n: summarise(rep, mets) for n, rep in reports.items()}
        for n, s in summ.items():                 # each model's interval over the seeds (seeds, then photos), as the comparisons draw them
            for m in s: s[m]['ci95'] = pooled_interval(recs[n], referral_auc_metric(m[:-4]), n_boot)
        out[name] = dict(photos=what, n_photos=[len(r) for r in next(iter(recs.values()))], metrics=mets, summary=summ, per_seed=reports, comparisons=comps)
    return dict(seeds=seeds, sets=out)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True, help='a pipeline run (or its published copy) whose seed_K/eval holds the per-photo tables')
    ap.add_argument('--out', help='default: bench/results/referral_RUNNAME.json')
    ap.add_argument('--n_boot', type=int, default=1000)
    ap.add_argument('--update', action='store_true', help="also give the AUCs of RUN's results.json and comparison.json (`screening`) their intervals over the seeds")
    a = ap.parse_args(); run = RunLayout(a.run)
    if not run.evaluation(0).exists(): raise SystemExit(f"{run.evaluation(0)}: not there; run the pipeline's evaluate stages first")
    cfg = run.read_config() if run.config_file.exists() else {}
    res = dict(benchmark='referral_rescore', run=a.run, config=cfg.get('name'), n_boot=a.n_boot, **rescore(run, a.n_boot),
               date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'))
    out = a.out or str(Path(__file__).parent/'results'/f'referral_{run.root.name}.json')
    save_result(res, out, RUN=run.root.resolve() if not run.root.resolve().is_relative_to(Path.cwd()) else None)
    for name, s in res['sets'].items():
        for n, x in s['summary'].items(): print(f"{name}: {n}: " + ', '.join(f"{m} {v['mean']:.3f} ± {v['sd'] or 0:.3f}" for m, v in x.items()))
        for lab, r in s['comparisons'].items():
            for m, x in r.items(): print(f"{name}: {lab}: {m} {x['estimate']:+.3f} [{x['ci95'][0]:+.3f}, {x['ci95'][1]:+.3f}] ({x['verdict']})")
    print('wrote', out)
    if a.update:                                  # the run's own files, as a run made now writes them (89_run_compare's screening_intervals)
        evs = run.read_evaluations()
        for f in (run.comparison_file, run.results_file):
            r = run.read_json(f, f.stem)
            if r.get('screening'): r['screening'] = screening_intervals(run, evs, r['screening'], a.n_boot); save_json(r, f); print('updated', f)

if __name__ == '__main__': main()
