package io.sparsesweep.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Runs an Argo CD health script (Lua) the way Argo CD does: the resource as the global {@code obj},
 * the script's returned table read as {@code status} and {@code message}. The interpreter is LuaJ,
 * with only the libraries Argo CD's sandbox offers (base, package, string, table, math; no {@code
 * os} or {@code io}), so a script that needs more fails here as it would there.
 */
public final class ArgoHealth {
    /** Argo CD's verdict on one resource. */
    public record Verdict(String status, String message) {}

    /** The SparseSweep health script in the chart (Argo CD's resource_customizations layout). */
    public static Path sparseSweepScript() {
        return Crds.repoDir()
                .resolve("helm/sparsesweep/argocd/sparsesweep.io/SparseSweep/health.lua");
    }

    private final String script;
    private final String name;

    private ArgoHealth(String name, String script) {
        this.name = name;
        this.script = script;
    }

    /** The script at {@code file}. */
    public static ArgoHealth load(Path file) throws IOException {
        return new ArgoHealth(file.getFileName().toString(), Files.readString(file));
    }

    /** Evaluates the script for a resource given as parsed JSON/YAML (maps, lists, scalars). */
    public Verdict evaluate(Map<String, Object> resource) {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new StringLib());
        globals.load(new TableLib());
        globals.load(new JseMathLib());
        LoadState.install(globals);
        LuaC.install(globals);
        globals.set("obj", toLua(resource));
        LuaValue result = globals.load(script, name).call();
        if (!result.istable()) {
            throw new IllegalStateException(
                    name + " returned " + result.typename() + ", not a table");
        }
        LuaValue message = result.get("message");
        return new Verdict(
                result.get("status").tojstring(), message.isnil() ? "" : message.tojstring());
    }

    private static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, toLua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long n = ((Number) value).longValue();
            return n == (int) n ? LuaValue.valueOf((int) n) : LuaValue.valueOf((double) n);
        }
        if (value instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        return LuaValue.valueOf(value.toString());
    }
}
