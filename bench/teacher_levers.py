"""What each lever does to a teacher: one teacher of a finished pipeline run trained again on the run's folds, seeds and
schedule with one change (a lever: an ordinal DR head, a longer schedule, ...) and without it, in the same compute mode,
scored on the same validation photos and compared under the decision rule of 34_compare (lever - baseline, per seed,
hierarchical bootstrap; primary endpoints joint accuracy and DR QWK).

    python bench/teacher_levers.py --run RUN --lever ordinal_corn [--on rahim_labels] [--teacher teacher_lite2_fixed]
                                   [--compute bf16+cl] [--data ../shared/data/idrid] [--work WORK]

`--on LEVER` measures the lever on top of another (both changes against that one alone, e.g. a preprocessing on teachers
that already have more labelled photos), so that levers kept together are measured together.
Checkpoints go to WORK/<lever>/seed_<k>/ (`--on`: WORK/<on>+<lever>/...; the baseline's to WORK/baseline/..., and the other
lever's to WORK/<on>/..., each trained once and shared). Each lever's block is written into bench/results/teacher_levers.json
(other levers' blocks are kept) under its name, or `<lever> on <on>`.
"""
import argparse, datetime, json, shlex, sys
from pathlib import Path
from mtkd_nb.core import shared_data, ArgumentError
from mtkd_nb.compare import compare_models, findings, summarise, COMPARE_METRICS
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.report import save_result
from mtkd_nb.levers import LEVERS, lever_sides, joined_split, train_lever

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--lever', required=True, choices=list(LEVERS))
    ap.add_argument('--on', choices=list(LEVERS), help='another lever both sides have (default: none)')
    ap.add_argument('--teacher', default='teacher_lite2_fixed'); ap.add_argument('--compute', default='bf16+cl')
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/teacher_levers'); ap.add_argument('--n_boot', type=int, default=1000)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'teacher_levers.json'))
    a = ap.parse_args()
    run, work, data = RunLayout(a.run), Path(a.work), Path(a.data) if a.data else shared_data('idrid')
    cfg, sides = run.read_config(), lever_sides(a.lever, a.on)
    t = next((t for t in cfg['teachers'] if t['name'] == a.teacher), None)
    if t is None: raise ArgumentError(f"--teacher {a.teacher}: not a teacher of {run.config_file} ({', '.join(x['name'] for x in cfg['teachers'])})")
    dname, dextra = sides['data'] or (None, None)
    if dname and cfg.get('sources'): raise ArgumentError(f"--lever {a.lever}: it adds data, and {run} already joins sources ({', '.join(e.get('name', e['path']) for e in cfg['sources'])}); retrain a run on one collection (e.g. --config idrid_only_cpu)")
    ldata, lsplit = joined_split(run, data, work, dname, dextra) if dname else (data, None)
    side = {'lever': ([], [], []), 'baseline': ([], [], [])}
    for k in range(int(cfg.get('seeds', 1))):
        for name in ('baseline', 'lever'):
            more, folder = dname in sides['names'][name], '+'.join(sides['names'][name]) or 'baseline'
            r = train_lever(run, t, k, sides['overrides'][name], work/folder/f'seed_{k}'/f'{a.teacher}.pth', ldata if more else data, a.compute, lsplit if more else None, log=lambda *x: None)
            for lst, v in zip(side[name], r): lst.append(v)
            print(folder, r[2], {m: round(r[0][m]['value'], 4) for m in ('joint_accuracy', 'dr_qwk', 'dr_accuracy') if m in r[0]}, flush=True)
    key = sides['key']; label = f'{key} vs ' + (a.on or 'baseline')
    comp = compare_models({key: side['lever'][1], a.on or 'baseline': side['baseline'][1]}, {label: (key, a.on or 'baseline')}, COMPARE_METRICS, n_boot=a.n_boot)
    print(*findings(comp), sep='\n')
    out = Path(a.out)
    res = json.loads(out.read_text()) if out.exists() else dict(benchmark='teacher_levers', levers={})
    res.update(run=str(run), teacher=a.teacher, compute=a.compute, date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'))
    res['levers'][key] = dict(what=sides['what'], overrides=sides['overrides']['lever'], **({'on': a.on} if a.on else {}), **({'data': dextra} if dname else {}), seeds=dict(lever=side['lever'][2], baseline=side['baseline'][2]),
                              summary=dict(lever=summarise(side['lever'][0]), baseline=summarise(side['baseline'][0])), paired=comp[label],
                              command=shlex.join(['python', *sys.argv]))
    save_result(res, out, RUN=run.root, DATA=data, WORK=work)
    print(f'wrote {out}')
