"""Does learning the lesion masks lift DR grading? (issue 36, item 4: lesion presence as an auxiliary signal.)

The student of a finished pipeline run, trained on the labels alone (the run's scratch twin: its network, size, schedule,
compute mode, folds and seeds), is trained again per seed twice with 93_levers' `train_lever`: as it is, and with a lesion
head (`tasks` + `lesions`: the segmentation photos of the fold's training side teach it their four masks; every other photo
teaches the grades and landmarks as before). Both are scored on the fold's validation photos and compared on the same photos
under the decision rule of 34_compare (lesions - without, per seed; hierarchical bootstrap; primary endpoints joint accuracy
and DR QWK, Holm for the rest).

    python bench/lesion_aux_idrid.py --run RUN [--work /tmp/lesion_aux] [--seeds 3] [--out JSON]

RUN needs the run's config.json, split.json and, where it joined collections, sources.json (whose paths are relative to
RUN: a published run such as bench/results/pipeline_idrid_cpu copied beside a `data` link to ../shared/data works); its
models are not needed. Photos are prepared once at the student's size into WORK. Writes bench/results/lesion_aux_idrid.json.
"""
import argparse, dataclasses
from pathlib import Path
from mtkd_nb.core import ArgumentError
from mtkd_nb.compare import compare_models, findings, summarise, COMPARE_METRICS, LESION_METRICS
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.report import save_result, environment
from mtkd_nb.levers import train_lever
from mtkd_nb.train import ModelSettings, FitSettings
from mtkd_nb.data.sources import read_source
from mtkd_nb.core import LESIONS

def scratch_entry(cfg: dict) -> dict:
    "The run's scratch twin as a config entry `train_lever` trains: the student's network and schedule settings, not its distillation's"
    keep = {f.name for c in (ModelSettings, FitSettings) for f in dataclasses.fields(c)}
    return {'name': 'student_scratch', 'tasks': cfg.get('tasks', 'dr,dme,fovea,od'), **{k: v for k, v in cfg['student'].items() if k in keep}}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--work', default='/tmp/lesion_aux')
    ap.add_argument('--seeds', type=int, default=None, help="default: the run's seeds"); ap.add_argument('--n_boot', type=int, default=1000)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesion_aux_idrid.json'))
    a = ap.parse_args()
    run, work = RunLayout(a.run), Path(a.work)
    cfg = run.read_config()
    data = run.sources_file if run.sources_file.exists() else Path(cfg.get('data') or '')
    if not data.exists(): raise ArgumentError(f"--run {run}: neither {run.sources_file} nor the config's data ({cfg.get('data')}) is here")
    entry = scratch_entry(cfg)
    if 'lesions' in entry['tasks']: raise ArgumentError(f"--run {run}: its student already learns the lesions")
    sides = {'without lesions': {}, 'with lesions': {'tasks': entry['tasks'] + ',lesions'}}
    res = {s: ([], [], []) for s in sides}
    src = read_source(data); with_masks = set(src.image_id[src[[f'mask_{l}' for l in LESIONS if f'mask_{l}' in src]].notna().any(axis=1)])
    masked = []
    for k in range(a.seeds or int(cfg.get('seeds', 1))):
        for s, over in sides.items():
            r = train_lever(run, entry, k, over, work/s.replace(' ', '_')/f'seed_{k}'/'student.pth', data, entry.get('compute', 'fp32'), log=lambda *x: None)
            for lst, v in zip(res[s], r): lst.append(v)
            if over: masked.append(len(with_masks & set(run.load_split(k).ids('train'))))   # the fold's training photos that teach the lesion head
            print(f"seed {k} {s}: " + ', '.join(f"{m} {r[0][m]['value']:.3f}" for m in ('joint_accuracy', 'dr_qwk', 'dme_accuracy') if m in r[0]), flush=True)
    label = 'with lesions vs without lesions'
    comp = compare_models({s: v[1] for s, v in res.items()}, {label: ('with lesions', 'without lesions')}, COMPARE_METRICS, n_boot=a.n_boot)
    print(*findings(comp), sep='\n')
    save_result(dict(benchmark='lesion_aux_idrid', run=str(run), config=cfg.get('name'), student=entry, sides=sides, seeds=len(res['with lesions'][2]),
                     per_seed={s: v[2] for s, v in res.items()}, masked_training_photos=masked, summary={s: summarise(v[0]) for s, v in res.items()}, paired=comp[label],
                     lesion_scores=summarise(res['with lesions'][0], LESION_METRICS), **environment()),   # its own maps, at its input size, on the validation photos with masks
                a.out, RUN=run.root, WORK=work)
    print(f'wrote {a.out}')
