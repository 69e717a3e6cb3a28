#!/usr/bin/env python3
"""Zips a folder the same way every time: `zip.py SRC_PARENT ROOT OUT.obx` puts every file of
SRC_PARENT/ROOT in OUT, each entry under ROOT/, in sorted order, dated 1980-01-01, mode 0644
(0755 for folders' entries is not needed: a zip's folders are implied), deflated. Same inputs,
same bytes: a new build of the same sources is the same module file."""
import os
import sys
import zipfile

parent, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
files = []
for folder, _, names in os.walk(os.path.join(parent, root)):
    for name in names:
        path = os.path.join(folder, name)
        files.append(os.path.relpath(path, parent).replace(os.sep, "/"))
files.sort()
with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for entry in files:
        info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(parent, entry), "rb") as f:
            archive.writestr(info, f.read(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
print(f"{out}: {len(files)} files, {os.path.getsize(out)} bytes")
