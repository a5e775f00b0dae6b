"""Copy a pipeline run's results into bench/results: no checkpoints, caches or TensorBoard events; every path made
relative to the run or the data folder (35_report's publish_run).

    python bench/publish_run.py --run RUN --out bench/results/pipeline_idrid_cpu [--data ../shared/data/idrid]
"""
import argparse, shutil
from pathlib import Path
from mtkd_nb.report import publish_run

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--out', required=True); ap.add_argument('--data')
    a = ap.parse_args()
    if Path(a.out).exists(): shutil.rmtree(a.out)               # a fresh copy: nothing of an older run stays behind
    print('published', publish_run(a.run, a.out, a.data))
