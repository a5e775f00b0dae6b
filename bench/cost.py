"""Cost table: parameters, FLOPs per photo and CPU latency (batch 1 and 32, fixed threads) of the
teachers, their ensemble and the students, measured side by side in one run.

    python bench/cost.py --run RUN [--seed 0] [--onnx] [--plan] [--threads 2] [--out bench/results/cost.json]

--run reads a pipeline run folder (mtkd_pipeline --out RUN): seed K's teachers (each at its own
training size), their ensemble, the distilled student and its scratch twin, each also wrapped in flip TTA (two passes per
photo, as the report's TTA block scores them: FLOPs and PyTorch latency count both passes). --plan adds untrained
networks of the sizes a larger-teacher / smaller-student configuration would use (EfficientNet-Lite2
and -Lite1 teachers, EfficientNet-Lite0 students at lower resolutions, MobileNet students), for cost
only: cost does not depend on the weights. Each row says whether it is a trained model or a plan.
--onnx adds the latency of each trained model exported to ONNX and run by onnxruntime (what
mtkd_export ships and mtkd_predict runs), with the same threads, timed in the same run.
"""
import argparse, json, tempfile
from pathlib import Path
import torch
from mtkd_nb.report import save_result, environment
from mtkd_nb.models import MultiTaskModel
from mtkd_nb.checkpoints import load_model
from mtkd_nb.ensemble import load_ensemble, TeacherEnsemble, FlipTTA
from mtkd_nb.students import cost_table
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.predictors import load_predictor
from mtkd_nb.export import export_onnx, onnx_latency

TASKS = 'dr,dme,fovea,od'

def trained(files: dict, cpu) -> dict:
    "name -> (model, size) of a seed's model files (`RunLayout.model_files`)"
    load = lambda n, p: load_ensemble(p[0] if len(p) == 1 and p[0].suffix == '.json' else p, device=cpu) if n.startswith('ensemble') else load_model(p[0], cpu)
    return {n: (m, max(m.sizes) if n.startswith('ensemble') else m.config['size']) for n, p in files.items() for m in [load(n, p)]}

def planned(head: str = 'heatmap') -> dict:
    "Untrained networks of the sizes a larger-teacher, smaller-student configuration would use"
    mk = lambda arch, size, tasks=TASKS, lh=head: (MultiTaskModel(arch, tasks, pretrained=False, landmark_head=lh), size)
    models = {'plan: teacher efficientnet_lite2 @320': mk('efficientnet_lite2', 320),
              'plan: teacher efficientnet_lite2 @288': mk('efficientnet_lite2', 288),
              'plan: teacher efficientnet_lite1 @288 (dr,dme)': mk('efficientnet_lite1', 288, 'dr,dme', 'mlp')}
    t = [models['plan: teacher efficientnet_lite2 @320'][0], MultiTaskModel('efficientnet_lite2', TASKS, pretrained=False, landmark_head=head),
         models['plan: teacher efficientnet_lite1 @288 (dr,dme)'][0]]
    models['plan: ensemble lite2@320 + lite2@320 + lite1@288'] = (TeacherEnsemble(t, sizes=[320, 320, 288]), 320)
    for s in (128, 160, 192): models[f'plan: student efficientnet_lite0 @{s}'] = mk('efficientnet_lite0', s)
    for arch in ('mobilenet_v3_large', 'mobilenet_v3_small'): models[f'plan: student {arch} @224'] = mk(arch, 224)
    return models

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', help='a pipeline run folder'); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--plan', action='store_true', help='add untrained networks of a larger-teacher / smaller-student plan')
    ap.add_argument('--onnx', action='store_true', help='add onnxruntime latency of the trained models, exported to ONNX')
    ap.add_argument('--threads', type=int, default=2); ap.add_argument('--min_run_time', type=float, default=2.)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'cost.json'))
    a = ap.parse_args()
    if not (a.run or a.plan): ap.error('give --run RUN or --plan')
    torch.set_num_threads(a.threads); cpu, models = torch.device('cpu'), {}
    if a.run:
        files = RunLayout(a.run).model_files(a.seed); models.update(trained(files, cpu))
        models.update({f'{n} + flip TTA': (FlipTTA(m), s) for n, (m, s) in list(models.items())})    # two passes per photo
    if a.plan: models.update(planned())
    tbl = cost_table(models, threads=a.threads, min_run_time=a.min_run_time)
    tbl['trained'] = [not n.startswith('plan:') for n in tbl.index]
    if a.onnx:
        if not a.run: ap.error('--onnx needs --run')
        for n, paths in files.items():
            with tempfile.TemporaryDirectory() as d:
                m = load_predictor(paths, device=cpu)
                for k, v in onnx_latency(export_onnx(m, Path(d)/'model.onnx'), m.size, threads=a.threads, min_run_time=a.min_run_time).items(): tbl.loc[n, k] = v
    print(tbl.to_string(float_format=lambda v: f'{v:.2f}'))
    ev = RunLayout(a.run).evaluation(a.seed) if a.run else None
    fair = json.loads(ev.read_text())['references'].get('fair_baseline') if ev and ev.exists() else None
    if fair: print(f'fair baseline (the best single model of no greater cost than the student, seed {a.seed}): {fair}')
    rows = json.loads(tbl.to_json(orient='index'))
    st, en = 'student (distilled)', next((n for n in rows if n.startswith('ensemble') and 'TTA' not in n), None)
    ratios = {k: rows[en][k] / rows[st][k] for k in rows.get(st, {}) if en and k not in ('trained', 'size', 'params') and rows[st][k]} if st in rows else {}
    save_result(dict(benchmark='cost', run=a.run, seed=a.seed if a.run else None, fair_baseline=fair, threads=a.threads, **environment(), rows=rows, ensemble=en,
                     ensemble_over_student=ratios), a.out, **({'RUN': a.run} if a.run else {}))
    print(f'wrote {a.out}')

if __name__ == '__main__': main()
