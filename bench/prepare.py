"""Benchmark: `prepare` vs a naive PIL open -> resize, measured side by side in one run.

    python bench/prepare.py [--data ../shared/data/idrid-fullres-sample] [--sizes 512 256] [--repeats 3]

Writes bench/results/prepare.json. Each variant runs `repeats` times interleaved (naive,
prepare, prepare 1 thread, naive, ...) so machine noise hits all alike; we report the median
seconds and the ratio of medians. The naive baseline decodes every JPEG at full resolution
and resizes it to SIZE x SIZE on one thread (what a plain fastai `Resize` item transform costs
per epoch); `prepare` does strictly more work (border crop, square pad, writes JPEGs and a
manifest) with reduced-size JPEG decoding and a thread per core.
"""
import argparse, json, os, platform, shutil, statistics, sys, tempfile, time, datetime
from pathlib import Path
from PIL import Image
import mtkd_nb
from mtkd_nb.core import shared_data
from mtkd_nb.report import save_result
from mtkd_nb.data.prepare import prepare
from mtkd_nb.data.sources import read_image_folder

def naive(files, size):
    for f in files: Image.open(f).convert('RGB').resize((size, size), Image.LANCZOS)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=None); ap.add_argument('--sizes', type=int, nargs='+', default=[512, 256])
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'prepare.json'))
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid-fullres-sample')
    if data is None or not data.exists(): sys.exit("SKIPPED: ../shared/data/idrid-fullres-sample not found (pass --data)")
    files = sorted(data.glob('*.jpg')); df = read_image_folder(data)
    w, h = Image.open(files[0]).size
    res = dict(benchmark='prepare_vs_naive', data=str(data), n_images=len(files), image_size=f'{w}x{h}',
               cpus=os.cpu_count(), python=platform.python_version(), pillow=Image.__version__,
               mtkd_nb=mtkd_nb.__version__, machine=platform.machine(),
               date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), results=[])
    for size in a.sizes:
        t = {'naive': [], 'prepare': [], 'prepare_1thread': []}
        for _ in range(a.repeats):
            t0 = time.perf_counter(); naive(files, size); t['naive'].append(time.perf_counter() - t0)
            for k, nw in [('prepare', os.cpu_count()), ('prepare_1thread', 0)]:
                out = Path(tempfile.mkdtemp())
                t0 = time.perf_counter(); prepare(df, out, size=size, n_workers=nw, progress=False, force=True)
                t[k].append(time.perf_counter() - t0); shutil.rmtree(out)
        med = {k: statistics.median(v) for k, v in t.items()}
        r = dict(size=size, seconds_median=med, seconds_all=t,
                 images_per_s={k: len(files)/v for k, v in med.items()},
                 ratio_naive_over_prepare=med['naive']/med['prepare'],
                 ratio_naive_over_prepare_1thread=med['naive']/med['prepare_1thread'])
        res['results'].append(r)
        print(f"size {size}: naive {med['naive']:.2f} s, prepare {med['prepare']:.2f} s ({r['ratio_naive_over_prepare']:.1f}x), "
              f"prepare 1 thread {med['prepare_1thread']:.2f} s ({r['ratio_naive_over_prepare_1thread']:.1f}x)")
    save_result(res, a.out, DATA=data); print('wrote', a.out)

if __name__ == '__main__': main()
