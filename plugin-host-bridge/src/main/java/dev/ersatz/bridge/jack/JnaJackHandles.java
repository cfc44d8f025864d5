package dev.ersatz.bridge.jack;

import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.reflect.Field;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackPort;

/**
 * The native {@code jack_client_t*} and {@code jack_port_t*} behind JNAJack's objects, for
 * {@link JackNative}. JNAJack 1.4.0 keeps them in package-private fields ({@code clientPtr},
 * {@code portPtr}) and has no getter, so we read them once, on the control thread, by reflection.
 */
final class JnaJackHandles {
    private JnaJackHandles() { }

    static long client(JackClient client) { return address(client, JackClient.class, "clientPtr"); }

    static long port(JackPort port) { return address(port, JackPort.class, "portPtr"); }

    private static long address(Object owner, Class<?> type, String field) {
        try {
            Field f = type.getDeclaredField(field);
            f.setAccessible(true);
            PointerType p = (PointerType) f.get(owner);
            if (p == null || p.getPointer() == null) throw new IllegalStateException(type.getSimpleName() + " is closed");
            return Pointer.nativeValue(p.getPointer());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JNAJack changed: no " + type.getSimpleName() + "." + field + " (" + e + ")", e);
        }
    }
}
