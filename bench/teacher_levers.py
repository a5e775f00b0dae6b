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
from mtkd_nb.train import train, ModelSettings, FitSettings
from mtkd_nb.data.prepare import prepare
from mtkd_nb.data.split import load_split
from mtkd_nb.evaluate import evaluate, EvalSettings
from mtkd_nb.scores import records_from_table
from mtkd_nb.compare import compare_pair, decide, finding, summarise, COMPARE_METRICS
from mtkd_nb.run_config import config_settings
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.report import save_result

RAHIM = [{'path': 'rahim-dr/labels.csv', 'images': 'rahim-dr/images', 'name': 'rahim-dr', 'drop': {'source_folder': '10 - ADED'}}]   # beside the data folder

LEVERS = {   # name: (what it changes, overrides of the teacher's config entry[, more data: sources beside the run's data and split settings])
    'baseline': ("the run's teacher as configured", {}),
    'ordinal_corn': ("DR head CORN (conditional ordinal, Shi et al. 2023) instead of softmax", {'class_heads': {'dr': 'corn'}}),
    'ordinal_cumulative': ("DR head cumulative logits (proportional odds / CORAL form) instead of softmax", {'class_heads': {'dr': 'cumulative'}}),
    'ordinal_coral_loss': ("softmax DR head trained with the cumulative binary cross-entropy (CORAL's loss)", {'task_losses': {'dr': 'coral'}}),
    'epochs_16': ("16 epochs of the one-cycle schedule instead of 8", {'epochs': 16}),
    'size_448': ("photos at 448 px instead of 288", {'size': 448}),
    'progressive_448': ("448 px, the first epochs at 288 and the last 2 at 448 (progressive resizing, 13_train)", {'size': 448, 'progressive_size': 288, 'large_epochs': 2}),
    'graham': ("Graham's local-average subtraction inside the model (10_models' preprocess)", {'preprocess': 'graham'}),
    'no_crop': ("photos not cropped to the fundus disc before squaring (prepare(crop=False)): what the default crop buys", {'crop': False}),
    'rahim_labels': ("adds the DR grades of two thirds of rahim-dr (by person; its other third held apart, ADED photos dropped) to the training photos",
                     {}, dict(sources=RAHIM, split=dict(external='rahim-dr', group_by='person'))),
}

def more_data(run, data, work, lever, extra, log=print):
    "For a lever with more data: the sources file joining the run's data and `extra['sources']`, and a split of it whose folds on the run's data are the run's own (`folds_from`), checked photo by photo"
    from mtkd_nb.data.split import photo_table, make_split, save_split, SplitSettings, Split
    from mtkd_nb.run_config import data_sources
    from mtkd_nb.core import DataError
    run, w, more = RunLayout.of(run), work/lever, dict(sources=extra['sources'], split=dict(extra['split']))
    spec, sp = data_sources(data, w, more, log), w/'split.json'            # the pipeline's own joining of sources (RUN/sources.json)
    if spec == data or more['split'] != extra['split']: raise DataError(f"{lever}: a source of {[e['path'] for e in extra['sources']]} is not beside {data}")
    old = json.loads(run.split_file.read_text())
    if not sp.exists():
        table = photo_table(spec, progress=False, cache=run.fingerprints_file)
        save_split(make_split(table, SplitSettings(**{**old['settings'], **extra['split'], 'folds_from': data.name}), source=str(spec)), sp)
    new = json.loads(sp.read_text())
    for k in range(len(old['folds'])):
        a, b = Split(old, k), Split(new, k)
        for r in ('train', 'valid', 'calib', 'test'):
            if set(a.ids(r)) != {i for i in b.ids(r) if i in a.roles}: raise DataError(f"{lever}: fold {k} of {sp} differs from the run's on its {r} photos; the comparison would not be paired")
    return spec, sp

def train_eval(run, cfg, t, k, over, out, data, compute, log, split_file=None):
    "Train (unless done) the teacher `t` with overrides `over` on fold `k` of `run` (or of `split_file` over the sources file `data`) into `out`, and score it on the fold's validation photos"
    run, entry = RunLayout.of(run), {**t, **over}; split_file = split_file or run.split_file
    crop = entry.pop('crop', True)                           # how the photos are prepared (05_data.prepare), not a model setting
    own = split_file != run.split_file or not crop           # more data, or photos prepared otherwise: its own caches in WORK
    ms, fs = config_settings(entry, ModelSettings, FitSettings, what=t['name'], bs=entry.get('bs', cfg.get('bs', 16)), seed=entry.get('seed', 0) + 100 * k, compute=compute)
    name = run.cache(ms.size).name + ('' if crop else '_nocrop')
    cache = run.cache(ms.size) if not own else Path(out).parents[1]/name
    if not cache.exists():                                   # a size the run did not prepare: prepared once into WORK
        cache = cache if own else Path(out).parents[2]/name; prepare(data, cache, size=ms.size, crop=crop, progress=False)
    if not out.exists(): train(cache, out, ms, fs, split=load_split(split_file, k), log=log)
    rep, tab = evaluate(out, data, 'val', cache=cache, settings=EvalSettings(n_boot=0), progress=False, split_file=split_file, fold=k)
    meta = json.loads(Path(str(out) + '.json').read_text())
    return rep, records_from_table(tab), dict(seed=k, seconds=meta.get('seconds'), compute=meta['config'].get('compute', 'fp32'))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--lever', required=True, choices=[l for l in LEVERS if l != 'baseline'])
    ap.add_argument('--on', choices=[l for l in LEVERS if l != 'baseline'], help='another lever both sides have (default: none)')
    ap.add_argument('--teacher', default='teacher_lite2_fixed'); ap.add_argument('--compute', default='bf16+cl')
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/teacher_levers'); ap.add_argument('--n_boot', type=int, default=1000)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'teacher_levers.json'))
    a = ap.parse_args()
    if a.on == a.lever: raise ArgumentError(f"--on {a.on}: the lever itself; name another lever or none")
    run, work, data = RunLayout(a.run), Path(a.work), Path(a.data) if a.data else shared_data('idrid')
    cfg = run.read_config()
    t = next((t for t in cfg['teachers'] if t['name'] == a.teacher), None)
    if t is None: raise ArgumentError(f"--teacher {a.teacher}: not a teacher of {run.config_file} ({', '.join(x['name'] for x in cfg['teachers'])})")
    names = {'baseline': [a.on] if a.on else [], 'lever': [a.on, a.lever] if a.on else [a.lever]}
    both = set(LEVERS[a.lever][1]) & set(LEVERS[a.on][1]) if a.on else set()
    if both: raise ArgumentError(f"--lever {a.lever} --on {a.on}: both set {', '.join(sorted(both))}; the one would replace the other, so the comparison would not be the lever's")
    extras = {n: e[0] for n in names['lever'] for e in [LEVERS[n][2:]] if e}
    if extras and cfg.get('sources'): raise ArgumentError(f"--lever {a.lever}: it adds data, and {run} already joins sources ({', '.join(e.get('name', e['path']) for e in cfg['sources'])}); retrain a run on one collection (e.g. --config idrid_only_cpu)")
    if len(extras) > 1: raise ArgumentError(f"--lever {a.lever} --on {a.on}: both add data; measure them one at a time")
    overs = {name: {x: y for n in ns for x, y in LEVERS[n][1].items()} for name, ns in names.items()}   # each side's overrides
    (dname, dextra), = extras.items() if extras else [(None, None)]
    ldata, lsplit = more_data(run, data, work, dname, dextra) if extras else (data, None)
    what = LEVERS[a.lever][0] + (f"; both sides with `{a.on}`" if a.on else '')
    side = {'lever': ([], [], []), 'baseline': ([], [], [])}
    for k in range(int(cfg.get('seeds', 1))):
        for name in ('baseline', 'lever'):
            more = dname in names[name]
            folder = '+'.join(names[name]) or 'baseline'
            r = train_eval(run, cfg, t, k, overs[name], work/folder/f'seed_{k}'/f'{a.teacher}.pth', ldata if more else data, a.compute, lambda *x: None, lsplit if more else None)
            for lst, v in zip(side[name], r): lst.append(v)
            print(folder, r[2], {m: round(r[0][m]['value'], 4) for m in ('joint_accuracy', 'dr_qwk', 'dr_accuracy') if m in r[0]}, flush=True)
    key = f'{a.lever} on {a.on}' if a.on else a.lever
    label = f'{key} vs ' + (a.on or 'baseline')
    comp = decide({label: compare_pair(side['lever'][1], side['baseline'][1], COMPARE_METRICS, n_boot=a.n_boot)})
    for m, r in comp[label].items(): print(finding(key, a.on or 'baseline', m, r))
    out = Path(a.out)
    res = json.loads(out.read_text()) if out.exists() else dict(benchmark='teacher_levers', levers={})
    res.update(run=str(run), teacher=a.teacher, compute=a.compute, date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'))
    res['levers'][key] = dict(what=what, overrides=overs['lever'], **({'on': a.on} if a.on else {}), **({'data': dextra} if extras else {}), seeds=dict(lever=side['lever'][2], baseline=side['baseline'][2]),
                                  summary=dict(lever=summarise(side['lever'][0]), baseline=summarise(side['baseline'][0])), paired=comp[label],
                                  command=shlex.join(['python', *sys.argv]))
    save_result(res, out, RUN=run.root, DATA=data, WORK=work)
    print(f'wrote {out}')
