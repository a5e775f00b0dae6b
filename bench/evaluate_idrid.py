"""IDRiD evaluation with bootstrap intervals, export parity and prediction on camera originals.

    python bench/evaluate_idrid.py [--data ../shared/data/idrid] [--work /tmp/real] [--n_boot 1000]

Needs the models of bench/distill_idrid.py in WORK (teacher_fixed.pth, teacher_uncertainty.pth,
teacher_drdme.pth, student.pth, student_scratch.pth). Evaluates each teacher, their ensemble, the
distilled student and the scratch student on the same 83 held-back photos (mtkd_nb.evaluate),
exports the student to ONNX and TorchScript and checks them against PyTorch on real photos,
times onnxruntime vs PyTorch at batch 1 and 32, and runs the ONNX student over the 16
camera-resolution originals (4288 x 2848). Writes bench/results/evaluate_idrid.json and the
figures bench/results/idrid_*.png.
"""
import argparse, os, sys, time, datetime, tempfile
from pathlib import Path
import torch, matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from mtkd_nb.core import shared_data, save_json
from mtkd_nb.data.idrid import graded_photos
from mtkd_nb.evaluate import evaluate, format_report, EvalSettings
from mtkd_nb.predictors import load_predictor
from mtkd_nb.figures import plot_comparison, plot_landmark_comparison, evaluation_figures
from mtkd_nb.export import export_model
from mtkd_nb.predict import predict, load_photo

def _time(f, x, reps):
    f(x); t = time.perf_counter()
    for _ in range(reps): f(x)
    return (time.perf_counter() - t) / reps * 1000

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/real'); ap.add_argument('--n_boot', type=int, default=1000)
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    w, out = Path(a.work), Path(__file__).parent/'results'
    torch.set_num_threads(2); cpu = torch.device('cpu')
    teachers = [w/f'teacher_{n}.pth' for n in ('fixed', 'uncertainty', 'drdme')]
    models = {'teacher_fixed': [teachers[0]], 'teacher_uncertainty': [teachers[1]], 'teacher_drdme': [teachers[2]],
              'ensemble': teachers, 'student (distilled)': [w/'student.pth'], 'student (scratch)': [w/'student_scratch.pth']}
    reps, secs = {}, {}
    for name, paths in models.items():
        t0 = time.perf_counter()
        m = load_predictor(paths, device=cpu)
        rep, tab = evaluate(m, data, 'val', cache=w/f'cache_{m.size}', settings=EvalSettings(n_boot=a.n_boot), device=cpu, progress=False)
        secs[name] = round(time.perf_counter() - t0, 1); reps[name] = rep
        print(format_report(rep), f'({secs[name]} s)', flush=True)
        if name == 'student (distilled)':
            evaluation_figures(tab, out/'idrid_student', record=paths[0])
    fig, axs = plt.subplots(1, 2, figsize=(13, 3.6), gridspec_kw=dict(width_ratios=[2.2, 1]))
    plot_comparison(reps, ax=axs[0], title='IDRiD, 83 validation photos: 95 % bootstrap intervals')
    plot_landmark_comparison(reps, ax=axs[1]); fig.tight_layout(); fig.savefig(out/'idrid_comparison.png', dpi=110)

    # export the student, parity on real photos, runtime latency
    ex = Path(tempfile.mkdtemp())
    rec = export_model(w/'student.pth', ex, report=reps['student (distilled)'])
    ref = load_predictor(w/'student.pth', device=cpu); onx = load_predictor(ex/'student.onnx'); ts = load_predictor(ex/'student.ts')
    photos = graded_photos(data)[:32]
    x = torch.stack([load_photo(p, ref.size)[0] for p in photos])
    from mtkd_nb.export import parity
    par = {'onnx': parity(ref, onx, x), 'torchscript': parity(ref, ts, x)}
    lat = {}
    with torch.no_grad():
        for n, f in (('pytorch', ref), ('onnxruntime', onx), ('torchscript', ts)):
            lat[n] = {'b1_ms': round(_time(f, x[:1], 20), 2), 'b32_ms': round(_time(f, x, 3), 1)}
    # the 16 camera originals through the ONNX student
    orig = shared_data('idrid-fullres-sample')
    pred = None
    if orig is not None:
        t0 = time.perf_counter(); recs = list(predict(onx, orig, bs=8, masks=None)); dt = time.perf_counter() - t0
        pred = dict(n=len(recs), unreadable=sum(r['error'] is not None for r in recs), seconds=round(dt, 1),
                    photos_per_s=round(len(recs) / dt, 2), size=[recs[0]['width'], recs[0]['height']])
    (out/'idrid_MODEL_CARD.md').write_text((ex/'MODEL_CARD.md').read_text())
    save_json(dict(benchmark='evaluate_idrid', n_boot=a.n_boot, cpus=os.cpu_count(), threads=2, torch=torch.__version__,
                   date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), seconds=secs,
                   reports=reps, export_parity=par, latency=lat, predict_originals=pred), out/'evaluate_idrid.json')
    print('parity', {k: max(v['max_abs'] for v in p.values()) for k, p in par.items()}); print('latency', lat); print('originals', pred)

if __name__ == '__main__': main()
