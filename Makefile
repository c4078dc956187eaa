# Developer entry points; `make` alone lists them. CI runs `make test` (see .ci/run).
MVNW     ?= ./mvnw
REPLICAS ?= 1
# The contention suite defaults to 3 processes per service; `make contention REPLICAS=5` overrides.
REPLICAS_CONTENTION = $(if $(filter command line environment,$(origin REPLICAS)),$(REPLICAS),3)
POINT_URLS ?=
# What make chart-run runs against the containers: the pods themselves, the contention suite through the entry point, the faults.
CHART_RUN_TESTS = ChartOnDockerTest,ContentionThroughTheEntryPointTest,ContainerFaultsTest

.DEFAULT_GOAL := help
.PHONY: help build run token test contention bench images chart-run kind-up kind-test kind-down infra-up infra-down clean

help: ## list the targets
	@echo "usage: make <target> [REPLICAS=n]"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z-]*:.*## / { printf "  %-11s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

build: ## package every module; jars end up in <service>/target/quarkus-app/quarkus-run.jar
	$(MVNW) -B package -DskipTests

run: ## start MariaDB/Redis, build and run REPLICAS instances of each service (scripts/run.sh)
	REPLICAS=$(REPLICAS) scripts/run.sh

token: ## print a bearer token signed with the dev key of make run: make token SUB=<memberId> [GROUPS=member|admin|service]
	@$(if $(SUB),,$(error give SUB=<memberId>, e.g. make token SUB=1 or make token SUB=admin GROUPS=admin))scripts/token.sh "$(SUB)" "$(or $(GROUPS),member)"

test: ## start MariaDB/Redis, then run every test of every module (what CI runs) on freshly created test databases
	scripts/infra.sh up
	scripts/infra.sh reset-test-dbs
	$(MVNW) -B --fail-at-end verify

contention: ## the multi-replica contention suite at full size (REPLICAS=n processes per service; POINT_URLS=… for a running deployment)
	scripts/infra.sh up
	scripts/infra.sh reset-test-dbs
	$(MVNW) -B -q install -DskipTests
	$(MVNW) -B verify -pl contention-tests -Dcontention.size=full -Dcontention.replicas=$(REPLICAS_CONTENTION) -Dcontention.point.urls=$(POINT_URLS)

bench: ## the side-by-side strategy and lock benchmarks against 3 replicas; report in target/bench/ (scripts/bench.sh)
	scripts/bench.sh

images: ## the three service images from their Dockerfile.jvm (scripts/images.sh; BASE_IMAGE=… to choose the JRE base)
	scripts/images.sh build

chart-run: ## the chart's workloads as containers on this machine's Docker engine; the contention suite through its entry point; container faults
	scripts/docker-engine.sh up
	$(MVNW) -B -q install -DskipTests
	scripts/base-images.sh all
	tag=$$(scripts/images.sh tag) && IMAGE_TAG=$$tag scripts/images.sh build && \
	  IMAGE_TAG=$$tag $(MVNW) -B verify -pl chart-tests -Dchart.run=true -Dtest=$(CHART_RUN_TESTS) -Dsurefire.failIfNoSpecifiedTests=false

kind-up: ## kind cluster + images + Helm chart, waits until every pod is ready (needs Docker or Podman, kind, kubectl, helm)
	scripts/kind.sh up

kind-test: ## the contention suite in external mode against the kind cluster
	scripts/kind.sh test

kind-down: ## delete the kind cluster
	scripts/kind.sh down

infra-up: ## make MariaDB and Redis answer on 127.0.0.1 and create the service databases/users
	scripts/infra.sh up

infra-down: ## stop the MariaDB/Redis servers that infra-up started
	scripts/infra.sh down

clean: ## delete the build output
	$(MVNW) -B clean
