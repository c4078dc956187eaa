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
  public:      the paths the gateway routes to it (point-service's /payments and /holds are for
               order-service and auction-service only: the gateway does not route them)
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
  public: [members]
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

{{/* Name of the Secret holding Redis' password (key redis-password). */}}
{{- define "cc.redisSecretName" -}}
{{- default (printf "%s-redis" (include "cc.fullname" .)) .Values.redis.existingSecret -}}
{{- end -}}

{{/*
A Secret of passwords the chart makes up: each key gets 32 random letters and digits at install and
keeps its value on every upgrade (read back from the cluster with lookup; `helm template` and
--dry-run see no cluster, so they show new ones each time). No password is ever a chart default.
Argument: dict "root" $ "name" <Secret name> "keys" <list of keys> "ctx" <cc.labels argument> "keep" <bool>.
keep: helm.sh/resource-policy keep, for passwords a data volume outlives the release with.
*/}}
{{- define "cc.randomSecret" -}}
{{- $existing := (lookup "v1" "Secret" .root.Release.Namespace .name).data | default dict -}}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .name }}
  labels:
    {{- include "cc.labels" .ctx | nindent 4 }}
  {{- if .keep }}
  annotations:
    # MySQL sets its passwords only when it initialises the volume, and the volume claim stays after
    # `helm uninstall`: so does this Secret, and a new install with the same release name takes it over.
    helm.sh/resource-policy: keep
  {{- end }}
type: Opaque
data:
  {{- range .keys }}
  {{ . }}: {{ index $existing . | default (randAlphaNum 32 | b64enc) | quote }}
  {{- end }}
{{- end -}}

{{/* Where the auth.keySecret files are mounted in the services' pods. */}}
{{- define "cc.authKeyDir" -}}
/etc/concurrency-commerce/auth
{{- end -}}

{{/*
Checks the auth values (fails `helm template` and `helm install` with a message saying what to set)
and prints the mode: keySecret or jwksUrl.
*/}}
{{- define "cc.authMode" -}}
{{- $auth := .Values.auth -}}
{{- if not $auth.issuer -}}
{{- fail "auth.issuer is required: the iss claim every token must carry (e.g. --set auth.issuer=https://auth.example.com/realms/shop)" -}}
{{- end -}}
{{- if and $auth.keySecret $auth.jwksUrl -}}
{{- fail "auth.keySecret and auth.jwksUrl exclude each other: set one of them" -}}
{{- else if $auth.keySecret -}}
keySecret
{{- else if $auth.jwksUrl -}}
{{- if not $auth.oidcClient.secretName -}}
{{- fail "auth.oidcClient.secretName is required with auth.jwksUrl: a Secret with the client secrets of order-service and auction-service (keys order-service, auction-service)" -}}
{{- end -}}
{{- if and .Values.networkPolicy.enabled (not .Values.networkPolicy.oidcProvider) -}}
{{- fail "networkPolicy.oidcProvider is required with auth.jwksUrl: egress rules to the OIDC provider (the NetworkPolicies deny all other egress), e.g. [{to: [{ipBlock: {cidr: 198.51.100.0/24}}], ports: [{port: 443}]}]" -}}
{{- end -}}
jwksUrl
{{- else -}}
{{- fail "auth: set auth.keySecret (an existing Secret with public.pem and private.pem; order-service and auction-service sign their service tokens) or auth.jwksUrl (an OIDC provider's JWKS; they get service tokens by client credentials)" -}}
{{- end -}}
{{- end -}}

{{/*
A service's authentication settings, in the services' environment form. Every service verifies
tokens (the issuer, the key file or the JWKS); order-service and auction-service, which call
point-service's /payments and /holds, sign their service tokens with the private key or get them
by client credentials. Argument: dict "root" $ "svc" <entry of cc.services> "mode" <cc.authMode>.
*/}}
{{- define "cc.authEnv" -}}
{{- $auth := .root.Values.auth -}}
{{- $mode := .mode -}}
{{- $keys := include "cc.authKeyDir" .root -}}
- name: MP_JWT_VERIFY_ISSUER
  value: {{ $auth.issuer | quote }}
- name: MP_JWT_VERIFY_PUBLICKEY_LOCATION
  value: {{ eq $mode "keySecret" | ternary (printf "%s/public.pem" $keys) $auth.jwksUrl | quote }}
{{- if .svc.callsPoints }}
{{- if eq $mode "keySecret" }}
- name: SMALLRYE_JWT_SIGN_KEY_LOCATION
  value: {{ printf "%s/private.pem" $keys | quote }}
- name: SMALLRYE_JWT_NEW_TOKEN_ISSUER
  value: {{ $auth.issuer | quote }}
{{- else }}
- name: QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL
  value: {{ default $auth.issuer $auth.oidcClient.authServerUrl | quote }}
- name: QUARKUS_OIDC_CLIENT_CLIENT_ID
  value: {{ index $auth.oidcClient.clientIds .svc.name | quote }}
- name: QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET
  valueFrom:
    secretKeyRef: {name: {{ $auth.oidcClient.secretName }}, key: {{ .svc.name }}}
{{- end }}
{{- end }}
{{- end -}}
