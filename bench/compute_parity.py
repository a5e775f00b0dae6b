"""Accuracy parity of a compute mode (12b_compute): one teacher of a finished pipeline run trained again on the same folds, seeds
and schedule in another compute mode, against the run's own float32 teacher on the same validation photos, under the decision
rule of 34_compare; and the training time of each.

    python bench/compute_parity.py --run RUN --teacher teacher_lite2_fixed --compute auto [--data ../shared/data/idrid] [--work WORK]

Writes bench/results/compute_parity.json.
"""
import argparse, datetime
from pathlib import Path
from mtkd_nb.core import shared_data
from mtkd_nb.compare import compare_pair, decide, finding, summarise, COMPARE_METRICS
from mtkd_nb.run_layout import RunLayout, stage_seconds
from teacher_levers import train_eval                      # bench/teacher_levers.py: train a run's teacher again on its folds and score it
from mtkd_nb.report import save_result

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--teacher', default='teacher_lite2_fixed'); ap.add_argument('--compute', default='auto')
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/compute_parity'); ap.add_argument('--n_boot', type=int, default=1000)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'compute_parity.json'))
    a = ap.parse_args()
    run, work, data = RunLayout(a.run), Path(a.work), Path(a.data) if a.data else shared_data('idrid')
    cfg = run.read_config(); t = next(t for t in cfg['teachers'] if t['name'] == a.teacher)
    secs, recs, reps = stage_seconds(run), {'mode': [], 'fp32': []}, {'mode': [], 'fp32': []}
    rows = []
    for k in range(int(cfg.get('seeds', 1))):
        rep, rec, info = train_eval(run, cfg, t, k, {}, work/f'seed_{k}'/f'{a.teacher}.pth', data, a.compute, lambda *x: None)   # as a lever's side
        recs['mode'].append(rec); reps['mode'].append(rep)
        recs['fp32'].append(run.records(k, a.teacher)); reps['fp32'].append(run.read_evaluation(k)['reports'][a.teacher])
        rows.append(dict(seed=k, mode=info['compute'], seconds=info['seconds'], seconds_fp32=secs.get(f'seed{k}/teacher_{a.teacher}')))
        print(rows[-1], flush=True)
    modes = sorted({r['mode'] for r in rows})
    label = f"{'/'.join(modes)} vs fp32"
    comp = decide({label: compare_pair(recs['mode'], recs['fp32'], COMPARE_METRICS, n_boot=a.n_boot)})
    for m, r in comp[label].items(): print(finding('/'.join(modes), 'fp32', m, r))
    save_result(dict(benchmark='compute_parity', run=a.run, teacher=a.teacher, compute=a.compute, modes=modes, seeds=rows,
                     summary={h: summarise(v) for h, v in reps.items()}, paired=comp,
                     date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')), a.out, RUN=run.root, DATA=data, WORK=work)
    print(f'wrote {a.out}')
