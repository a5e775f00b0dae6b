"""Does the lesion teacher teach? (issue 36, item 4: a lesion network's maps as soft targets of a multi-task student's lesion head.)

The student of a finished pipeline run (its network, size, schedule, compute mode, folds and seeds) with a lesion head is
distilled per seed from soft targets that hold a lesion network's maps and nothing else (21c's `lesion_soft_targets`: the
network trained on the segmentation photos of the fold's training side, `train_lesion_teacher`, and run over each photo's
original file): its lesion head learns from the maps on every training photo (and from the masks where a photo has them, weight
alpha), every other output from the labels alone. Its twin (22_distill's baseline) learns from the same photos, batches and
optimizer steps without the maps. Both are scored on the fold's validation photos (lesions at the student's input size) and
compared on the same photos under the decision rule of 34_compare (lesion KD - twin; primary endpoints joint accuracy and DR
QWK, Holm for the rest, the lesion AUPRs among them).

    python bench/lesion_kd_idrid.py --run RUN [--seg ../shared/data/idrid] [--lesion_teacher JSON] [--temperature 1]
                                    [--work /tmp/lesion_kd] [--seeds 3] [--out JSON]

RUN needs the run's config.json, split.json and sources.json (a published run such as bench/results/pipeline_idrid_cpu copied
beside a `data` link to ../shared/data works); its models are not needed. Writes bench/results/lesion_kd_idrid.json. An earlier
call's networks, maps and students in WORK are kept when made with the same settings and refused otherwise (delete them).
"""
import argparse, dataclasses, json
from pathlib import Path
from mtkd_nb.core import ArgumentError, shared_data
from mtkd_nb.compare import compare_models, findings, summarise, COMPARE_METRICS, LESION_METRICS
from mtkd_nb.run_layout import RunLayout, quiet
from mtkd_nb.run_config import config_settings
from mtkd_nb.report import save_result, environment
from mtkd_nb.train import ModelSettings, FitSettings
from mtkd_nb.kd_losses import DistillSettings
from mtkd_nb.distill import distill, distilled_before
from mtkd_nb.evaluate import evaluate, EvalSettings
from mtkd_nb.scores import records_from_table
from mtkd_nb.data.prepare import prepare, load_manifest
from mtkd_nb.lesion_unet import LesionSettings, load_lesion_model
from mtkd_nb.lesion_patches import PatchSettings
from mtkd_nb.lesion_targets import train_lesion_teacher, lesion_soft_targets

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--seg', help='the IDRiD folder with the segmentation photos (default ../shared/data/idrid)')
    ap.add_argument('--lesion_teacher', type=json.loads, default={'settings': {'epochs': 7}, 'patch': {'size': 256}, 'tta': False}, help='JSON: settings, patch, tta (default true) of the lesion network; default: the committed result\'s (7 epochs, 256-px crops, no TTA)')
    ap.add_argument('--temperature', type=float, default=1., help="the lesion output's distillation temperature")
    ap.add_argument('--work', default='/tmp/lesion_kd'); ap.add_argument('--seeds', type=int, default=None, help="default: the run's seeds")
    ap.add_argument('--n_boot', type=int, default=1000); ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesion_kd_idrid.json'))
    a = ap.parse_args()
    run, work, lt = RunLayout(a.run), Path(a.work), {'settings': {}, 'patch': {}, 'tta': True, **a.lesion_teacher}   # every key recorded
    cfg, seg = run.read_config(), Path(a.seg) if a.seg else shared_data('idrid')
    if seg is None: raise ArgumentError("--seg: ../shared/data/idrid not found; pass the IDRiD folder with the segmentation photos")
    if cfg.get('unlabeled'): raise ArgumentError(f"--run {run}: its students learn from an unlabelled folder too, which this comparison does not prepare")
    data = run.sources_file if run.sources_file.exists() else Path(cfg.get('data') or '')
    if not data.exists(): raise ArgumentError(f"--run {run}: neither {run.sources_file} nor the config's data ({cfg.get('data')}) is here")
    tasks = cfg.get('tasks', 'dr,dme,fovea,od') + ',lesions'
    student = {**cfg['student'], 'temperature': {'lesions': a.temperature}}         # only the lesion output has soft targets
    ev = config_settings({**cfg.get('evaluate', {}), 'n_boot': 0}, EvalSettings, what='evaluate')[0]
    sides, res, runs, teacher = ('lesion KD', 'twin'), {'lesion KD': ([], []), 'twin': ([], [])}, {}, {}
    for k in range(a.seeds or int(cfg.get('seeds', 1))):
        ms, fs, kd = config_settings(student, ModelSettings, FitSettings, DistillSettings, what='student', tasks=tasks,
                                     bs=student.get('bs', cfg.get('bs', 16)), seed=student.get('seed', 0) + 100 * k)
        cache, wd, sp = run.cache(ms.size), work/f'seed_{k}', run.load_split(k)
        if not cache.exists():                        # the run's photos at the student's size, prepared once into the work folder
            cache = work/cache.name
            if not (cache/'manifest.csv').exists(): prepare(data, cache, size=ms.size, progress=False)
        man = load_manifest(cache); wd.mkdir(parents=True, exist_ok=True)
        net = train_lesion_teacher(seg, man, sp, wd/'lesions.pth', LesionSettings(**lt['settings']), PatchSettings(**lt['patch']), log=quiet)
        softf, out, kd = wd/'soft_lesions.pt', wd/'student.pth', dataclasses.replace(kd, baseline=True, baseline_epochs=0, self_training=None)
        lesion_soft_targets(net, man, sp, cfg.get('soft_targets', {}).get('mask_size', 64), tta=lt['tta'], progress=False, out=softf)   # kept when made so before
        if not distilled_before(out, softf, ms, fs, kd): distill(softf, cache, out, ms, fs, kd, split=sp, log=quiet)                  # (another one: refused)
        rec, lrec = json.loads(Path(f'{out}.json').read_text()), load_lesion_model(net).record
        teacher[f'seed{k}'] = dict(trained_on=len(lrec['trained_on']), train_seconds=lrec.get('train_seconds'), at_student_size={w: {m: rec[r][m] for m in ('lesions_dice', 'lesions_aupr')} for w, r in
                                   (('teacher maps', 'ensemble'), ('lesion KD', 'student'), ('twin', 'scratch'))})     # the training's validation metric (fastai), all three alike
        for side, ck in zip(sides, (out, wd/'student_scratch.pth')):
            rep, tab = evaluate(ck, data, 'val', cache=cache, settings=ev, progress=False, split_file=run.split_file, fold=k)
            res[side][0].append(rep); res[side][1].append(records_from_table(tab))
            runs[f'{side}/seed{k}'] = dict(train_seconds=rec['seconds'].get('student' if side == 'lesion KD' else 'scratch'), n_images=rep['n_images'])
            print(f"seed {k} {side}: " + ', '.join(f"{m} {rep[m]['value']:.3f}" for m in ('joint_accuracy', 'dr_qwk', 'aupr_HE', 'aupr_EX') if m in rep), flush=True)
    label = 'lesion KD vs twin'
    comp = compare_models({s: v[1] for s, v in res.items()}, {label: sides}, COMPARE_METRICS + LESION_METRICS, n_boot=a.n_boot)
    print(*findings(comp), sep='\n')
    save_result(dict(benchmark='lesion_kd_idrid', run=str(run), config=cfg.get('name'), student=student, tasks=tasks, lesion_teacher=dict(lt, settings=lrec['settings'], patch=lrec['patch']), lesion_teachers=teacher, seeds=len(res['twin'][0]),
                     runs=runs, summary={s: summarise(v[0], COMPARE_METRICS + LESION_METRICS) for s, v in res.items()}, paired=comp[label], **environment()),
                a.out, RUN=run.root, WORK=work, SEG=seg)
    print(f'wrote {a.out}')
