"""Landmark distillation on IDRiD: the student distilled with smooth-L1 on the ensemble's points (the default) vs the
same student distilled with `heatmap_kl` (spatial KL between the tempered ensemble and student heatmaps, 22_distill).

    python bench/landmark_kd_idrid.py --run RUN [--data ../shared/data/idrid] [--work /tmp/variants] [--seeds 3] [--out JSON]

RUN is a finished `mtkd_pipeline` run (or a fraction folder of `mtkd_label_efficiency`) whose teachers and student have
heatmap landmark heads. `student_variant_idrid.py` with one change: for each seed k the teachers of RUN/seed_k are
reused, their soft targets recomputed with the ensemble's heatmaps (the run's settings plus `heatmap_size=64`), and the
run's student trained again with `losses={'points': 'heatmap_kl'}` (same photos, seed, schedule, temperature and alpha).
Both students are scored on fold k's validation photos and compared on the same photos (paired differences per seed and
pooled over the seeds). Writes bench/results/landmark_kd_idrid.json and prints the table for bench/README.md.
"""
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from student_variant_idrid import main

if __name__ == '__main__':
    main(name='heatmap_kl', soft=['heatmap_size=64'], student=['losses={"points":"heatmap_kl"}'],
         out=str(Path(__file__).parent/'results'/'landmark_kd_idrid.json'), doc=__doc__)
