"""How large is each lesion in the files, and in what a model sees? Connected components of the IDRiD training masks.

    python bench/lesion_sizes.py [--data ../shared/data/idrid] [--input 288] [--stride 4] [--fundus 816]

For each lesion type: photos with a mask, connected components (8-connected), their area and equivalent diameter
(the diameter of a disc of the same area) in pixels of the mask files, the share of the file's pixels that are lesion;
then the median diameter at the model's input (`--input` px across the fundus crop of `--fundus` px in the files)
and in cells of the lesion decoder (stride `--stride`), and the photo width at which the median lesion would span
two decoder cells were the photo fed at 1:1 (in patches). Writes bench/results/lesion_sizes.json and prints a table. Seconds.
"""
import argparse, datetime, sys
from pathlib import Path
import numpy as np
from scipy import ndimage
from mtkd_nb.core import shared_data, LESIONS
from mtkd_nb.report import save_result
from mtkd_nb.data.idrid import read_idrid
from mtkd_nb.data.images import read_mask

def components(path) -> tuple:
    "Areas (pixels) of the 8-connected components of a mask file, its shape, its lesion share"
    m = read_mask(path)
    lab, _ = ndimage.label(m, structure=np.ones((3, 3)))
    return np.bincount(lab.ravel())[1:], m.shape, m.mean()

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--input', type=int, default=288); ap.add_argument('--stride', type=int, default=4)
    ap.add_argument('--fundus', type=int, default=816); ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesion_sizes.json'))
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    tab = read_idrid(data, link_segmentation=False)
    tab = tab[tab.split == 'train']                              # the training masks only
    scale = a.input / a.fundus                                   # model input px per file px
    res, width = {}, None
    for l in LESIONS:
        files = tab[f'mask_{l}'].dropna().tolist()
        if not files: continue
        got = [components(f) for f in files]
        areas = np.concatenate([g[0] for g in got]); width = got[0][1][1]
        dia = 2 * np.sqrt(areas / np.pi); med = float(np.median(dia))
        res[l] = dict(photos=len(files), components=int(len(areas)), area_median=float(np.median(areas)), area_p90=float(np.percentile(areas, 90)),
                      diameter_median=med, diameter_p10=float(np.percentile(dia, 10)), pixel_share=float(np.mean([g[2] for g in got])),
                      diameter_input=med * scale, diameter_cells=med * scale / a.stride,
                      width_for_two_cells=int(round(width * 2 * a.stride / med)))   # photo width at which the median lesion spans 2 decoder cells when the model sees it at 1:1 (patches)
    save_result(dict(date=datetime.date.today().isoformat(), data=str(data), file_width=width, input=a.input, fundus=a.fundus,
                     stride=a.stride, lesions=res), a.out, DATA=data)
    print(f"mask files {width} px wide; model input {a.input} px across a {a.fundus}-px fundus crop; decoder stride {a.stride}\n")
    print('| lesion | photos | components | median area (px) | median diameter (px) | 10th pct diameter | share of the file pixels | median diameter at input (px) | decoder cells | photo width for 2 cells at 1:1 |')
    print('|---' * 10 + '|')
    for l, r in res.items():
        print(f"| {l} | {r['photos']} | {r['components']} | {r['area_median']:.0f} | {r['diameter_median']:.1f} | {r['diameter_p10']:.1f} | {r['pixel_share']:.4f} | "
              f"{r['diameter_input']:.1f} | {r['diameter_cells']:.2f} | {r['width_for_two_cells']} |")
    print(f"\nwrote {a.out}")

if __name__ == '__main__': main()
