{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "retain.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name. */}}
{{- define "retain.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "retain.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Common labels. */}}
{{- define "retain.labels" -}}
helm.sh/chart: {{ include "retain.chart" . }}
app.kubernetes.io/name: {{ include "retain.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: retain
{{- end }}

{{/* Selector labels of one component: (dict "ctx" $ "component" "routes"). */}}
{{- define "retain.selectorLabels" -}}
app.kubernetes.io/name: {{ include "retain.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "retain.componentLabels" -}}
{{ include "retain.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "retain.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "retain.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* An image reference: (dict "ctx" $ "image" .Values.routes.image). */}}
{{- define "retain.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{- define "retain.scoringService.fullname" -}}
{{- printf "%s-scoring-service" (include "retain.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "retain.routes.fullname" -}}
{{- printf "%s-routes" (include "retain.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The scoring-service URL routes calls: the configured one, or this release's service. */}}
{{- define "retain.scoringServiceUrl" -}}
{{- if .Values.routes.scoringServiceUrl }}
{{- .Values.routes.scoringServiceUrl }}
{{- else }}
{{- printf "http://%s:%v" (include "retain.scoringService.fullname" .) .Values.scoringService.service.port }}
{{- end }}
{{- end }}

{{/* Pod-level settings shared by every workload. */}}
{{- define "retain.podSpecCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
serviceAccountName: {{ include "retain.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The scoring-service's model claim: the existing one, or the one this chart creates. */}}
{{- define "retain.scoringService.modelsClaimName" -}}
{{- with .Values.scoringService.models.persistence }}
{{- if .existingClaim }}
{{- .existingClaim }}
{{- else }}
{{- printf "%s-models" (include "retain.scoringService.fullname" $) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
"true" when the model volume is a claim that only one node can mount (ReadWriteOnce or
ReadWriteOncePod): a rolling update would start the new pod before the old one lets go of it.
*/}}
{{- define "retain.scoringService.modelsSingleWriter" -}}
{{- $p := .Values.scoringService.models.persistence }}
{{- if and $p.enabled (or (has "ReadWriteOnce" $p.accessModes) (has "ReadWriteOncePod" $p.accessModes)) }}
{{- "true" }}
{{- end }}
{{- end }}

{{/* Fails the render, naming the value, when scoring-service could not authenticate anyone. */}}
{{- define "retain.scoringService.validateSecurity" -}}
{{- $s := .Values.scoringService }}
{{- if eq $s.security.mode "api-key" }}
{{- if not $s.apiKeysSecret.name }}
{{- fail "scoringService.apiKeysSecret.name is required when scoringService.security.mode is api-key: name the Secret holding the scoring-service API keys (for example the one in routes.scoringApiKeySecret), or set scoringService.security.mode=jwt" }}
{{- end }}
{{- else if eq $s.security.mode "jwt" }}
{{- if not (or $s.security.jwt.issuerUri $s.security.jwt.jwkSetUri) }}
{{- fail "scoringService.security.jwt.issuerUri or scoringService.security.jwt.jwkSetUri is required when scoringService.security.mode is jwt" }}
{{- end }}
{{- end }}
{{- end }}
