"""diplograph's benchmark suite: a graph generator, and a runner timing each stage against the engines underneath.

python -m bench --sizes 10k,100k,1m --runs 3     # writes bench/RESULTS.md
python -m bench --smoke                          # smallest size, one run, correctness only
"""
