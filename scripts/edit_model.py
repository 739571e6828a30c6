#!/usr/bin/env python3
"""Would a learned model of spelling across scripts tell matches from chance likenesses?

    scripts/edit_model.py SETDIR RESULTS.jsonl

An experiment, not part of the engine. RESULTS is `gatecheck match` output for the
labelled set SETDIR (for example xscript against a million distractors:
target/eval/xscript-d1000000.jsonl, as `scripts/eval --distractors 1000000` writes it).
From every result scoring 0.6 or more of a query that should match nothing, and from the
right entry of a query that should, it takes the part pairs the explanation shows (the
query part as romanised, the listed part). It fits a stochastic edit model (Ristad and
Yianilos, 1998: a probability for each letter substituted, dropped or added, by
expectation-maximisation) on the right pairs of half of the queries, and scores the other
half's results as the engine's score plus LAMBDA times the log-likelihood ratio of their
part pairs (the model against two independent spellings); then the other way round. It
prints, for the engine's score alone and for each model, the best recall with the share
of innocent queries flagged at most 0.01, 0.02, 0.03, 0.04 and 0.055, over all
thresholds. "untrained" is the same ratio before any fitting (a copied letter likely, any
other edit alike): how much of the gain is the amount of agreement rather than what was
learned. Pure Python, no packages; about a minute.
"""
import collections, json, math, pathlib, random, sys

GAP = "#"


def letters(text):
    return "".join(ch for ch in text.lower() if ch.isalpha())


def fit(pairs, iterations):
    alphabet = sorted({ch for a, b in pairs for ch in a + b} | set("abcdefghijklmnopqrstuvwxyz"))
    counts = {}
    for x in alphabet:
        for y in alphabet:
            counts[(x, y)] = 30.0 if x == y else 1.0
        counts[(x, GAP)] = counts[(GAP, x)] = 1.0
    counts["end"] = float(len(alphabet))

    def normalised(c):
        total = sum(c.values())
        return {k: v / total for k, v in c.items()}

    p = normalised(counts)

    def forward(a, b):
        f = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
        f[0][0] = 1.0
        for i in range(len(a) + 1):
            for j in range(len(b) + 1):
                if i == 0 and j == 0:
                    continue
                v = 0.0
                if i and j:
                    v += f[i - 1][j - 1] * p.get((a[i - 1], b[j - 1]), 1e-9)
                if i:
                    v += f[i - 1][j] * p.get((a[i - 1], GAP), 1e-9)
                if j:
                    v += f[i][j - 1] * p.get((GAP, b[j - 1]), 1e-9)
                f[i][j] = v
        return f

    def backward(a, b):
        n, m = len(a), len(b)
        g = [[0.0] * (m + 1) for _ in range(n + 1)]
        g[n][m] = p["end"]
        for i in range(n, -1, -1):
            for j in range(m, -1, -1):
                if i == n and j == m:
                    continue
                v = 0.0
                if i < n and j < m:
                    v += p.get((a[i], b[j]), 1e-9) * g[i + 1][j + 1]
                if i < n:
                    v += p.get((a[i], GAP), 1e-9) * g[i + 1][j]
                if j < m:
                    v += p.get((GAP, b[j]), 1e-9) * g[i][j + 1]
                g[i][j] = v
        return g

    for _ in range(iterations):
        expected = collections.defaultdict(float)
        for a, b in pairs:
            f, g = forward(a, b), backward(a, b)
            whole = f[len(a)][len(b)] * p["end"]
            for i in range(len(a) + 1):
                for j in range(len(b) + 1):
                    if f[i][j] == 0.0:
                        continue
                    if i < len(a) and j < len(b):
                        op = (a[i], b[j])
                        expected[op] += f[i][j] * p.get(op, 1e-9) * g[i + 1][j + 1] / whole
                    if i < len(a):
                        op = (a[i], GAP)
                        expected[op] += f[i][j] * p.get(op, 1e-9) * g[i + 1][j] / whole
                    if j < len(b):
                        op = (GAP, b[j])
                        expected[op] += f[i][j] * p.get(op, 1e-9) * g[i][j + 1] / whole
            expected["end"] += 1.0
        for op in counts:
            expected[op] += 0.05
        p = normalised(expected)

    unigram = collections.Counter(ch for a, b in pairs for ch in a + b)
    total = sum(unigram.values())
    mean_length = sum(len(a) + len(b) for a, b in pairs) / (2 * len(pairs))
    stop = 1.0 / (mean_length + 1.0)

    def background(s):
        return sum(math.log((1 - stop) * unigram.get(ch, 1) / total) for ch in s) + math.log(stop)

    def ratio(a, b):
        a, b = letters(a), letters(b)
        if not a or not b:
            return 0.0
        return math.log(forward(a, b)[len(a)][len(b)] * p["end"]) - background(a) - background(b)

    return ratio


def main():
    setdir, results = pathlib.Path(sys.argv[1]), sys.argv[2]
    truth = json.loads((setdir / "truth.json").read_text())
    rows = []
    for line in open(results, encoding="utf-8"):
        answer = json.loads(line)
        want = truth.get(answer["query"], "unknown")
        for result in answer["results"]:
            explanation = result.get("explanation")
            if result["score"] < 0.6 or not explanation:
                continue
            right = want is not None and result["id"] == want
            if want is not None and not right:
                continue
            parts = [(p["query_spelling"], p["listed_spelling"]) for p in explanation["parts"]]
            rows.append({"query": answer["query"], "right": right, "score": result["score"], "parts": parts})
    by_query = collections.defaultdict(list)
    for row in rows:
        by_query[row["query"]].append(row)

    def frontier(score):
        best = {}
        for step in range(100, 200):
            threshold = step / 200
            innocent = alarms = wanted = found = 0
            for query, want in truth.items():
                flagged = [row for row in by_query.get(query, []) if score(row) >= threshold]
                if want is None:
                    innocent += 1
                    alarms += bool(flagged)
                else:
                    wanted += 1
                    found += any(row["right"] for row in flagged)
            for cap in (0.01, 0.02, 0.03, 0.04, 0.055):
                if alarms / innocent <= cap:
                    best[cap] = max(best.get(cap, 0.0), found / wanted)
        return " ".join(f"FA<={cap}: {best[cap]:.3f}" if cap in best else f"FA<={cap}: -" for cap in (0.01, 0.02, 0.03, 0.04, 0.055))

    print(f"{'engine score':>22}  {frontier(lambda row: row['score'])}")
    queries = sorted(by_query)
    random.Random(1).shuffle(queries)
    halves = [set(queries[: len(queries) // 2]), set(queries[len(queries) // 2 :])]
    for label, iterations in (("untrained", 0), ("learned", 8)):
        for half in (0, 1):
            training = [
                (letters(a), letters(b))
                for row in rows
                if row["right"] and row["query"] in halves[half]
                for a, b in row["parts"]
                if letters(a) and letters(b)
            ]
            ratio = fit(training, iterations)
            for row in rows:
                if row["query"] not in halves[half]:
                    row["ratio"] = sum(ratio(a, b) for a, b in row["parts"])
        for weight in (0.003, 0.006, 0.01):
            print(f"{label + ' x ' + str(weight):>22}  {frontier(lambda row: row['score'] + weight * row['ratio'])}")


if __name__ == "__main__":
    main()
