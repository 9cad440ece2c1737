package io.vigil.topology;

/**
 * What a control connection sends as {@code AUTH} before anything else.
 *
 * @param username the ACL user, or null for the default user ({@code AUTH <password>})
 * @param password the password; never null
 */
record Credentials(String username, String password) {

    /** Credentials for {@code password}, or null when there is none and no AUTH is sent. */
    static Credentials of(String username, String password) {
        return password == null ? null : new Credentials(username, password);
    }

    /** {@code AUTH <password>} or {@code AUTH <username> <password>}. */
    String[] authCommand() {
        return username == null
                ? new String[] {"AUTH", password}
                : new String[] {"AUTH", username, password};
    }

    @Override
    public String toString() {
        return "Credentials[" + (username == null ? "default" : username) + "]"; // never the password
    }
}
