"""How far is the binned AUPR of `mtkd_evaluate` (100 probability bins per lesion, what the per-photo tables keep) from
the exact average precision over every pixel (scikit-learn's `average_precision_score`)?

    python bench/aupr_bins.py --run LESION_RUN [--model teacher_lesions] [--seed 0] [--mask_size 816]

Runs one lesion model of a pipeline run (`bench/lesions_idrid.py`) on its fold's validation photos that have masks, resamples
its lesion maps to the reference masks (as `EvalSettings(mask_size=...)` does), and scores each lesion three ways: exact
AP over all pixels, and binned AP with 100 and 1000 bins. Writes bench/results/aupr_bins.json.
"""
import argparse, datetime
from pathlib import Path
import numpy as np, torch, torch.nn.functional as F
from PIL import Image
from sklearn.metrics import average_precision_score
from mtkd_nb.core import LESIONS, output_names
from mtkd_nb.report import save_result
from mtkd_nb.checkpoints import load_model
from mtkd_nb.data.block import prepared_tensor
from mtkd_nb.data.prepare import load_manifest, unpack_lesions
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.metrics import binned_aupr

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--model', default='teacher_lesions'); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--mask_size', type=int, default=816); ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'aupr_bins.json'))
    a = ap.parse_args()
    run = RunLayout(a.run); ck = run.teacher(a.seed, a.model)
    if not ck.exists(): ck = run.seed(a.seed)/f'{a.model}.pth'          # a student
    m = load_model(ck, torch.device('cpu')); size = m.config['size']
    sp = run.load_split(a.seed)
    own, ref = load_manifest(run.cache(size)).set_index('image_id'), load_manifest(run.cache(a.mask_size)).set_index('image_id')
    ids = [i for i in sp.ids('valid') if i in ref.index and isinstance(ref.loc[i, 'mask_path'], str)]
    scores, truth, known = {l: [] for l in LESIONS}, {l: [] for l in LESIONS}, {l: 0 for l in LESIONS}
    for i in ids:
        with torch.no_grad(): o = dict(zip(output_names(m.tasks), m(prepared_tensor(own.loc[i, 'path'])[None])))
        t = unpack_lesions(np.asarray(Image.open(ref.loc[i, 'mask_path'])))
        p = torch.sigmoid(F.interpolate(o['lesions'].float(), size=t.shape[-2:], mode='bilinear', align_corners=False))[0].numpy()
        for c, l in enumerate(LESIONS):          # every lesion scored on a photo with masks (absent_is_negative, as idrid_lesions_cpu)
            scores[l].append(p[c].ravel()); truth[l].append(t[c].ravel()); known[l] += int(t[c].any())
    rows = {}
    for l in LESIONS:
        s, y = np.concatenate(scores[l]), np.concatenate(truth[l]).astype(bool)
        if not y.any(): continue
        b = lambda n: binned_aupr(*(np.bincount((np.clip(s[k] * (n - 1), 0, n - 1)).astype(int), minlength=n) for k in (y, ~y)))
        rows[l] = dict(exact=float(average_precision_score(y, s)), bins_100=b(100), bins_1000=b(1000), n_pixels=int(len(y)), n_lesion_pixels=int(y.sum()),
                       n_photos_with=known[l])
        print(f"{l}: exact {rows[l]['exact']:.4f}, 100 bins {rows[l]['bins_100']:.4f}, 1000 bins {rows[l]['bins_1000']:.4f} "
              f"({rows[l]['n_lesion_pixels']} lesion pixels of {rows[l]['n_pixels']}, {known[l]} photos)", flush=True)
    save_result(dict(benchmark='aupr_bins', run=a.run, model=a.model, seed=a.seed, mask_size=a.mask_size, n_photos=len(ids), lesions=rows,
                     date=datetime.date.today().isoformat()), a.out, RUN=run.root)
    print(f'wrote {a.out}')

if __name__ == '__main__': main()
