package dev.concurrency.lockbench;

import java.util.Arrays;

/** The critical sections: the same one for every lock within a section. */
public enum Section {

    DB("db", "MariaDB: in one transaction SELECT the counter row, UPDATE it to value+1 (with fenced locks only if the"
            + " row's fence_token is older than the holder's token, stamping the new one), COMMIT"),
    MEMORY("memory", "no I/O: read a counter in memory shared by all processes (a mapped file) and write it back +1,"
            + " with the same fence check in memory; what is left is the lock's own acquire/hand-off/release cost");

    private final String id;
    private final String description;

    Section(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static Section byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown section '" + id + "'; known: "
                        + Arrays.stream(values()).map(Section::id).toList()));
    }
}
