{{/*
Prefix of every object's name: the release name, or "<release>-concurrency-commerce" when the
release name does not already say it. At most 40 characters, so "-auction-db-headless" still fits
in a 63-character DNS label.
*/}}
{{- define "cc.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
The three services, in one place: the templates range over this table, so each service gets the
same Deployment, Service, database and policies. Keys sort as auction, order, point.
  values:      the section of values.yaml
  strategyEnv: the environment form of its <x>.concurrency-control property
  callsPoints: whether it calls point-service (and so gets the Stork address list and egress to it)
  public:      the paths the gateway routes to it
*/}}
{{- define "cc.services" -}}
auction:
  name: auction-service
  values: auctionService
  strategyEnv: AUCTIONS_CONCURRENCY_CONTROL
  callsPoints: true
  public: [auctions]
order:
  name: order-service
  values: orderService
  strategyEnv: ORDERS_CONCURRENCY_CONTROL
  callsPoints: true
  public: [products, orders]
point:
  name: point-service
  values: pointService
  strategyEnv: POINTS_CONCURRENCY_CONTROL
  callsPoints: false
  public: [members, payments, holds]
{{- end -}}

{{/* Labels of every object. Argument: dict "root" $ "name" <app name> "component" <role>. */}}
{{- define "cc.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "cc.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: concurrency-commerce
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* What Services, Deployments, NetworkPolicies and PDBs select on. Same argument as cc.labels. */}}
{{- define "cc.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Image tag of the services: image.tag, else the chart's appVersion; never latest. */}}
{{- define "cc.serviceTag" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if or (eq $tag "latest") (eq $tag "") -}}
{{- fail "image.tag: a pinned tag is required, not latest" -}}
{{- end -}}
{{- $tag -}}
{{- end -}}

{{/* A service's image. Argument: dict "root" $ "name" <service name>. */}}
{{- define "cc.serviceImage" -}}
{{- $image := .root.Values.image -}}
{{- $repository := printf "%s/%s" $image.repositoryPrefix .name -}}
{{- if $image.registry -}}
{{- $repository = printf "%s/%s" $image.registry $repository -}}
{{- end -}}
{{- printf "%s:%s" $repository (include "cc.serviceTag" .root) -}}
{{- end -}}

{{/* A third-party image from {repository, tag}. */}}
{{- define "cc.image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}

{{/* Pod-level security: non-root, this uid/gid, volumes group-owned by it, the runtime's seccomp profile. */}}
{{- define "cc.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security, the same for every container of the chart. */}}
{{- define "cc.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Spread a Deployment's pods over the nodes. Argument: dict "root" $ "name" <app name>. */}}
{{- define "cc.topologySpread" -}}
- maxSkew: {{ .root.Values.topologySpread.maxSkew }}
  topologyKey: kubernetes.io/hostname
  whenUnsatisfiable: {{ .root.Values.topologySpread.whenUnsatisfiable }}
  labelSelector:
    matchLabels:
      {{- include "cc.selectorLabels" . | nindent 6 }}
  # count only the pods of the current ReplicaSet, so a rolling update spreads the new pods too
  matchLabelKeys: ["pod-template-hash"]
{{- end -}}

{{/* Name of the Secret holding a service database's passwords. Argument: dict "root" $ "id" <point|order|auction>. */}}
{{- define "cc.dbSecretName" -}}
{{- $db := (index .root.Values (printf "%sService" .id)).database -}}
{{- default (printf "%s-%s-db" (include "cc.fullname" .root) .id) $db.existingSecret -}}
{{- end -}}
