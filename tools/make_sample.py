"""Build the embedded sample `mtkd_nb/sample/idrid` from the full IDRiD training split.

    python tools/make_sample.py ../shared/data/idrid

Picks 48 graded photos stratified by DR grade (with every segmentation photo whose twin is
picked, so some carry lesion masks, and one real byte-identical duplicate pair), resizes photos
to 256 px wide (Lanczos, JPEG q90) and masks with nearest neighbour, rescales the landmark
coordinates to the new pixel grid, and keeps the official layout, file names and CSV quirks.
Deterministic. Licence: CC BY 4.0, attribution copied into the sample.
"""
import sys, shutil, re, numpy as np, pandas as pd, imagehash
from pathlib import Path
from PIL import Image

src = Path(sys.argv[1] if len(sys.argv) > 1 else '../shared/data/idrid')
dst = Path(__file__).resolve().parents[1]/'mtkd_nb'/'sample'/'idrid'
W = 256
G = src/'B. Disease Grading'/'1. Original Images'/'a. Training Set'
S = src/'A. Segmentation'/'1. Original Images'/'a. Training Set'
gcsv = src/'B. Disease Grading'/'2. Groundtruths'/'a. IDRiD_Disease Grading_Training Labels.csv'
lab = pd.read_csv(gcsv).dropna(how='all')
lab = lab[[c for c in lab.columns if not c.startswith('Unnamed')]]; lab.columns = ['name', 'dr', 'dme']

def ph(p):
    im = Image.open(p); im.draft('RGB', (256, 256)); return imagehash.phash(im.convert('RGB'), hash_size=16)
gh = {p.stem: ph(p) for p in sorted(G.glob('*.jpg'))}
links = {}
for p in sorted(S.glob('*.jpg')):
    h = ph(p); best = min(gh, key=lambda k: h - gh[k])
    if h - gh[best] <= 12: links[best] = p.stem
rng = np.random.default_rng(2018)
want = {0: 10, 1: 8, 2: 12, 3: 10, 4: 8}
pick = set()
for g, n in want.items():
    names = lab.name[lab.dr == g].tolist()
    linked = [x for x in names if x in links]
    take = list(rng.choice(linked, size=min(3, len(linked)), replace=False)) if linked else []
    rest = [x for x in names if x not in take]
    take += list(rng.choice(rest, size=n - len(take), replace=False))
    pick |= set(take)
pick |= {'IDRiD_021', 'IDRiD_391'}   # a real byte-identical pair of the official release
pick = sorted(pick)
print(len(pick), 'photos;', sum(p in links for p in pick), 'with segmentation twins')

if dst.exists(): shutil.rmtree(dst)
def out(p): q = dst/p.relative_to(src); q.parent.mkdir(parents=True, exist_ok=True); return q
scale = {}
for n in pick:
    im = Image.open(G/f'{n}.jpg'); s = W/im.width; scale[n] = s
    im.resize((W, round(im.height*s)), Image.LANCZOS).save(out(G/f'{n}.jpg'), quality=90)
# keep the byte-identical pair byte-identical
shutil.copyfile(out(G/'IDRiD_021.jpg'), out(G/'IDRiD_391.jpg'))
segs = sorted(links[n] for n in pick if n in links)
for sn in segs:
    im = Image.open(S/f'{sn}.jpg'); s = W/im.width
    im.resize((W, round(im.height*s)), Image.LANCZOS).save(out(S/f'{sn}.jpg'), quality=90)
    for m in sorted((src/'A. Segmentation'/'2. All Segmentation Groundtruths'/'a. Training Set').glob(f'*/{sn}_*.tif')):
        mk = Image.open(m); mk.resize((W, round(mk.height*s)), Image.NEAREST).save(out(m))
# CSVs: keep header, quirks, CRLF and trailing blank rows; filter the data rows
def filt(csv, fix=None):
    lines = csv.read_bytes().split(b'\r\n') if b'\r\n' in csv.read_bytes() else csv.read_bytes().split(b'\n')
    sep = b'\r\n' if b'\r\n' in csv.read_bytes() else b'\n'
    keep = [lines[0]]
    for l in lines[1:]:
        name = l.split(b',')[0].decode()
        if name in pick: keep.append(fix(l) if fix else l)
        elif not name: keep.append(l)
    out(csv).write_bytes(sep.join(keep))
def rescale(l):
    f = l.split(b','); n = f[0].decode()
    f[1] = f'{float(f[1])*scale[n]:.2f}'.encode(); f[2] = f'{float(f[2])*scale[n]:.2f}'.encode(); return b','.join(f)
filt(gcsv)
for csv in (src/'C. Localization').rglob('*.csv'): filt(csv, rescale)
for f in ['LICENSE.txt', 'CC-BY-4.0.txt']: shutil.copyfile(src/f, dst/f)
(dst/'README.md').write_text(f"""# Embedded IDRiD sample

{len(pick)} photos of the IDRiD training split (Disease Grading), {len(segs)} Segmentation photos
with their lesion masks, and the localization markups of the graded photos, in the official
folder layout, resized to {W} px wide (photos Lanczos, JPEG q90; masks nearest neighbour;
landmark coordinates rescaled to the new pixel grid). Includes one byte-identical duplicate pair
of the official release (IDRiD_021 / IDRiD_391). Built by `tools/make_sample.py`.

Source: Indian Diabetic Retinopathy Image Dataset (IDRiD), ISBI 2018 challenge.
Porwal P., Pachade S., Kamble R., Kokare M., Deshmukh G., Sahasrabuddhe V., Meriaudeau F.,
"Indian Diabetic Retinopathy Image Dataset (IDRiD): A Database for Diabetic Retinopathy
Screening Research", Data 2018, 3(3):25. https://doi.org/10.3390/data3030025
Licence: Creative Commons Attribution 4.0 International (CC BY 4.0), see LICENSE.txt and
CC-BY-4.0.txt. Changes: subset and resized as described above.
""")
print('written', dst, sum(f.stat().st_size for f in dst.rglob('*') if f.is_file())//1024, 'KiB')
