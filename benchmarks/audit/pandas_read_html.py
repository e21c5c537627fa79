#!/usr/bin/python3
"""The comparison for saved web pages: pandas.read_html (lxml) over every .html file of a folder, on all cores.
It only lifts the raw tables; Gongkai reads, places and checks them. Usage: pandas_read_html.py DIR"""
import multiprocessing
import os
import sys

import pandas


def tables(path):
    return len(pandas.read_html(path, flavor="lxml"))


if __name__ == "__main__":
    folder = sys.argv[1]
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".html"))
    with multiprocessing.Pool(os.cpu_count()) as pool:
        counts = pool.map(tables, files, chunksize=8)
    print(f"{len(files)} pages, {sum(counts)} tables")
