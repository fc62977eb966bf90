{{/* Chart name, truncated to the DNS label limit. */}}
{{- define "sparsesweep.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every resource name. Kept short (<= 40) so that suffixes such as "-operator-config"
still fit 63 characters.
*/}}
{{- define "sparsesweep.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sparsesweep.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "sparsesweep.labels" -}}
helm.sh/chart: {{ include "sparsesweep.chart" . }}
app.kubernetes.io/name: {{ include "sparsesweep.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sparsesweep
{{- end }}

{{/* Selector of the operator pods (immutable on the Deployment: never add to it). */}}
{{- define "sparsesweep.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sparsesweep.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* repository[:tag][@digest] from an image block; the tag defaults to appVersion. */}}
{{- define "sparsesweep.image" -}}
{{- $img := index . 0 -}}
{{- $root := index . 1 -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $img.repository $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $img.repository (default $root.Chart.AppVersion $img.tag) -}}
{{- end -}}
{{- end }}

{{- define "sparsesweep.operatorServiceAccountName" -}}
{{- default (printf "%s-operator" (include "sparsesweep.fullname" .)) .Values.operator.serviceAccount.name }}
{{- end }}

{{- define "sparsesweep.trialServiceAccountName" -}}
{{- default (printf "%s-trial" (include "sparsesweep.fullname" .)) .Values.workloadServiceAccounts.trial.name }}
{{- end }}

{{- define "sparsesweep.fittingServiceAccountName" -}}
{{- default (printf "%s-fitting" (include "sparsesweep.fullname" .)) .Values.workloadServiceAccounts.fitting.name }}
{{- end }}

{{- define "sparsesweep.configMapName" -}}
{{- printf "%s-operator-config" (include "sparsesweep.fullname" .) }}
{{- end }}

{{- define "sparsesweep.leaseName" -}}
{{- default (printf "%s-leader" (include "sparsesweep.fullname" .)) .Values.operator.leaderElection.leaseName }}
{{- end }}

{{/* "true" when leader election is on: more than one replica, or forced. */}}
{{- define "sparsesweep.leaderElection" -}}
{{- if or (gt (int .Values.operator.replicas) 1) .Values.operator.leaderElection.forceEnabled }}true{{ else }}false{{ end }}
{{- end }}

{{/* Namespaces that get the trial/fitting ServiceAccounts, as a JSON list. */}}
{{- define "sparsesweep.sweepNamespaces" -}}
{{- $ns := .Values.workloadServiceAccounts.sweepNamespaces -}}
{{- if not $ns }}{{ $ns = .Values.operator.watchNamespaces }}{{ end -}}
{{- if not $ns }}{{ $ns = list .Release.Namespace }}{{ end -}}
{{- $ns | uniq | toJson -}}
{{- end }}

{{/*
What the operator may do in a watched namespace (or cluster-wide when it watches all).
Leases are not here: they live in a Role of the release namespace only.
*/}}
{{- define "sparsesweep.operatorRules" -}}
# Exactly the verbs the operator uses: its informers list and watch sweeps and Jobs; status is
# written by patch only; Jobs are created, deleted and patched (spec.suspend, when a sweep is
# suspended or resumed), never updated; Fabric8 GETs a Job by name before that patch (get adds
# nothing list does not already read); a finished Job's pods are read for the result (and the
# fitting pod's log for the fit); the results ConfigMap is created or patched, never read.
- apiGroups: ["sparsesweep.io"]
  resources: ["sparsesweeps"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["sparsesweep.io"]
  resources: ["sparsesweeps/status"]
  verbs: ["patch"]
# Owner references with blockOwnerDeletion need this where OwnerReferencesPermissionEnforcement
# is on (OpenShift).
- apiGroups: ["sparsesweep.io"]
  resources: ["sparsesweeps/finalizers"]
  verbs: ["update"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
# The fitting Job's report is its log: the operator reads it and records status.fit.
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["create", "patch"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- if .Values.rbac.jobSets }}
- apiGroups: ["jobset.x-k8s.io"]
  resources: ["jobsets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
{{- end }}
{{- if .Values.rbac.kueueWorkloads }}
# A suspended sweep queued by Kueue stops its running trials through their Workloads: it lists
# them by Kueue's job-uid label and patches spec.active (false on suspend, true on resume);
# Fabric8 GETs a Workload by name before that patch. Never creates or deletes one.
- apiGroups: ["kueue.x-k8s.io"]
  resources: ["workloads"]
  verbs: ["get", "list", "watch", "patch"]
{{- end }}
{{- end }}
