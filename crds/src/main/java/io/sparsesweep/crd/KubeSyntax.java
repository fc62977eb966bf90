package io.sparsesweep.crd;

import java.util.regex.Pattern;

/**
 * The API server's syntax rules for the pod fields a sweep passes through to its trial Jobs, so
 * that a bad value is refused when the sweep is checked, not found later when every Job create
 * fails. The expressions use no backslashes, so that the same constants serve Java, the CRD's
 * {@code pattern}s (Go's RE2) and CEL string literals.
 */
public final class KubeSyntax {
    /** A resource quantity: a decimal with an optional SI, binary-SI or exponent suffix. */
    public static final String QUANTITY =
            "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$";

    /** A DNS-1123 subdomain (ServiceAccount and PersistentVolumeClaim names), at most 253. */
    public static final String DNS_SUBDOMAIN =
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** An environment variable name, as the API server has always accepted it. */
    public static final String ENV_NAME = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

    /** A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63. */
    public static final String LABEL_KEY =
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

    /** A label value: empty, or at most 63 of these characters. */
    public static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

    /** A resource name in requests/limits: {@code cpu}, {@code memory}, {@code nvidia.com/gpu}. */
    public static final String RESOURCE_NAME = LABEL_KEY;

    private static final Pattern Q = Pattern.compile(QUANTITY);
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS_SUBDOMAIN);
    private static final Pattern ENV = Pattern.compile(ENV_NAME);
    private static final Pattern KEY = Pattern.compile(LABEL_KEY);
    private static final Pattern VALUE = Pattern.compile(LABEL_VALUE);

    private KubeSyntax() {}

    public static boolean quantity(String s) {
        return s != null && s.length() <= 64 && Q.matcher(s).matches();
    }

    public static boolean dnsSubdomain(String s) {
        return s != null && s.length() <= 253 && SUBDOMAIN.matcher(s).matches();
    }

    public static boolean envName(String s) {
        return s != null && s.length() <= 256 && ENV.matcher(s).matches();
    }

    public static boolean labelKey(String s) {
        if (s == null || s.length() > 317 || !KEY.matcher(s).matches()) {
            return false;
        }
        int slash = s.indexOf('/');
        return slash < 0 ? s.length() <= 63 : slash <= 253 && s.length() - slash - 1 <= 63;
    }

    public static boolean labelValue(String s) {
        return s != null && s.length() <= 63 && VALUE.matcher(s).matches();
    }
}
