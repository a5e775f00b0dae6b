"""mtkd_predict at 1k vs 10k photos: peak memory and throughput, side by side in one run.

    python bench/predict_scale.py [--model student.onnx|student.pth] [--counts 1000 10000] [--bs 32]

The photos are the 49 of the embedded sample repeated (symbolic links) to each count. Each count runs
`mtkd_predict MODEL FOLDER --out preds.csv` in a fresh Python process, which reports its own peak
resident memory (ru_maxrss) and wall time, so the two counts are measured the same way. Bounded
memory means the 10k peak is close to the 1k peak. Without --model, an untrained EfficientNet-Lite0
multi-task model at 224 px is exported to ONNX and used (throughput depends on the model, memory
behaviour does not). Writes bench/results/predict_scale.json.
"""
import argparse, os, sys, subprocess, tempfile
from pathlib import Path
import torch
from mtkd_nb.core import sample_dir
from mtkd_nb.report import save_result, environment
from mtkd_nb.data.idrid import graded_photos

CHILD = r"""
import sys, time, resource, runpy, shutil
script = shutil.which('mtkd_predict')          # the console script itself, run as its own __main__
sys.argv = [script, *sys.argv[1:]]
t0 = time.perf_counter()
try: runpy.run_path(script, run_name='__main__')
except SystemExit as e: code = 0 if e.code is None else e.code
else: code = 0
print(f"RESULT {time.perf_counter() - t0:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} {code}", file=sys.stderr)
"""

def photo_folder(n, root):
    src = graded_photos(sample_dir())
    d = Path(root)/f'photos_{n}'; d.mkdir(parents=True)
    for i in range(n): os.symlink(src[i % len(src)], d/f'{i:06d}.jpg')
    return d

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--model'); ap.add_argument('--counts', type=int, nargs='+', default=[1000, 10000]); ap.add_argument('--bs', type=int, default=32)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    model = a.model
    if model is None:
        from mtkd_nb.models import MultiTaskModel
        from mtkd_nb.export import export_onnx
        torch.manual_seed(0)
        m = MultiTaskModel('efficientnet_lite0', 'dr,dme,fovea,od', pretrained=False).eval(); m.size = 224
        model = str(export_onnx(m, tmp/'student.onnx'))
    rows = []
    for n in a.counts:
        d = photo_folder(n, tmp)
        r = subprocess.run([sys.executable, '-c', CHILD, model, str(d), '--out', str(tmp/f'p{n}.csv'), '--bs', str(a.bs)],
                           capture_output=True, text=True, env={**os.environ, 'OMP_NUM_THREADS': os.environ.get('OMP_NUM_THREADS', '2')})
        line = next(l for l in r.stderr.splitlines() if l.startswith('RESULT'))
        secs, rss_kb, code = line.split()[1:]
        nrows = sum(1 for _ in open(tmp/f'p{n}.csv')) - 1
        rows.append(dict(photos=n, rows_written=nrows, exit=int(code), seconds=float(secs), photos_per_s=round(n / float(secs), 1),
                         peak_rss_mb=round(int(rss_kb) / 1024, 1)))
        print(rows[-1], flush=True)
    out = Path(__file__).parent/'results'/'predict_scale.json'
    save_result(dict(benchmark='predict_scale', model=model if a.model else 'untrained efficientnet_lite0 multi-task, 224 px, ONNX',
                   bs=a.bs, **environment(), rows=rows,
                   peak_ratio=round(rows[-1]['peak_rss_mb'] / rows[0]['peak_rss_mb'], 3)), out)
    print(f"peak memory {rows[-1]['photos']} vs {rows[0]['photos']} photos: {rows[-1]['peak_rss_mb'] / rows[0]['peak_rss_mb']:.3f}x; wrote {out}")

if __name__ == '__main__': main()
