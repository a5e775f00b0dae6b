"""One change to a finished pipeline run's distilled student, measured pair-wise: the run's student against the same student
trained again with that change (same teachers, photos, seeds and schedule), scored on the same validation photos.

    python bench/student_variant_idrid.py --run RUN --name NAME [--soft KEY=VALUE ...] [--student KEY=VALUE ...]
                                          [--data ../shared/data/idrid] [--work /tmp/variants] [--seeds 3] [--out JSON]

RUN is a finished `mtkd_pipeline` (or one fraction folder of `mtkd_label_efficiency`). For each seed k the teachers of
RUN/seed_k are reused; where `--soft` changes the soft targets (e.g. `heatmap_size=64`, `members=true`) they are
recomputed with the run's settings plus those; the run's student settings plus `--student` (e.g.
`losses={"points":"heatmap_kl"}`, `per_teacher=true`) train the variant. `--crossfit K` makes the variant's soft targets
cross-fitted: every teacher of the run's config trained again without each of K inner folds of the labelled training
photos (90_pipeline's `crossfit_parts`, recorded in WORK/NAME), their outputs replacing the ensemble's on those photos
(21_soft_targets' `out_of_fold`). `--choose_kd JSON` (e.g. '{"temperature": [1, 4], "alpha": [0.2, 0.8]}') chooses the
variant's temperature and alpha per output on each fold's calibration photos first (90_pipeline's `choose_kd`: one student per
candidate, recorded in WORK/NAME). `--lesion_teacher JSON` trains a lesion network per seed on the segmentation photos of
its training side (21c's `train_lesion_teacher`; `data`, `settings`, `patch`, `tta` as JSON keys) whose maps become the soft
targets' lesion maps (give the student the lesion task with `--student tasks=...`). The variant, the run's student and the
run's scratch twin (labels only, where the run trained one) are scored on fold k's validation photos (`evaluate` with the
run's `evaluate` settings, e.g. lesions at its `mask_size`; pixels of the evaluated files), and the variant is compared with
the run's student and with the twin on the same photos; with `--twin` the variant also trains its own scratch twin (labels only, the variant's schedule and photos), compared
with the variant and with the run's twin: paired differences per seed and under the decision rule of
34_compare (mean of per-seed differences, hierarchical bootstrap). Writes bench/results/student_NAME_idrid.json and prints a table. A variant
student already in WORK/NAME/seed_k is reused: delete that folder to train it again.

    python bench/student_variant_idrid.py --run RUN --name heatmap_kl --soft heatmap_size=64 --student 'losses={"points":"heatmap_kl"}'
    python bench/student_variant_idrid.py --run RUN --name per_teacher --soft members=true --student per_teacher=true
    python bench/student_variant_idrid.py --run RUN --name crossfit2 --crossfit 2
    python bench/student_variant_idrid.py --run RUN --name patient --student epochs=20 online=true teacher_view=true --twin
    python bench/student_variant_idrid.py --run RUN --name choose_kd --choose_kd '{"temperature": [1, 4], "alpha": [0.2, 0.8]}'
    python bench/student_variant_idrid.py --run RUN --name lesion_kd --lesion_teacher '{"patch": {"size": 256}}' --evaluate mask_size=816 \
        --student tasks=dr,dme,fovea,od,lesions 'temperature={"lesions": 1}'
"""
import argparse, json, sys
from pathlib import Path
from mtkd_nb.core import shared_data
from mtkd_nb.report import save_result
from mtkd_nb.variants import run_variant, variant_options, variant_table

def main(argv=None, name=None, soft=None, student=None, out=None, doc=__doc__):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--name', default=name, required=name is None)
    ap.add_argument('--soft', nargs='*', default=soft or []); ap.add_argument('--student', nargs='*', default=student or [])
    ap.add_argument('--data'); ap.add_argument('--work', default='/tmp/variants'); ap.add_argument('--seeds', type=int, default=3)
    ap.add_argument('--n_boot', type=int, default=1000); ap.add_argument('--out', default=out)
    ap.add_argument('--crossfit', type=int, default=0, help='K > 1: cross-fitted soft targets from teachers retrained without each of K inner folds')
    ap.add_argument('--choose_kd', type=json.loads, default=None, help='JSON: temperature and alpha per output chosen on the calibration photos, e.g. {"alpha": [0.2, 0.8]}')
    ap.add_argument('--lesion_teacher', type=json.loads, default=None, help='JSON: a lesion network per seed on its training side\'s segmentation photos teaches the lesion maps, e.g. {"patch": {"size": 256}, "tta": false}')
    ap.add_argument('--twin', action='store_true', help="the variant trains its own scratch twin with its schedule (labels only): like with like when the change alters the steps, e.g. epochs")
    ap.add_argument('--evaluate', nargs='*', default=[], help='KEY=VALUE changes to the run\'s evaluate settings, e.g. mask_size=816')
    a = ap.parse_args(argv)
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    res = run_variant(a.run, a.name, variant_options(a.soft), variant_options(a.student), data, a.work, a.seeds, a.n_boot, a.crossfit, a.choose_kd,
                      a.lesion_teacher, variant_options(a.evaluate), twin=a.twin)
    out = a.out or str(Path(__file__).parent/'results'/f'student_{a.name}_idrid.json')
    save_result(res, out, argv=None if argv is None else ['bench/student_variant_idrid.py', *argv], RUN=a.run, DATA=data, WORK=a.work)
    print(f'wrote {out}'); print('\n' + variant_table(res, a.name))

if __name__ == '__main__': main()
