package dev.postern.server.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Creates picocli command objects, handing {@link CliIo} to those whose constructor takes it. */
public final class CliFactory implements CommandLine.IFactory {

    private final CliIo io;

    public CliFactory(CliIo io) {
        this.io = io;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        for (Constructor<?> constructor : cls.getDeclaredConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 1 && parameters[0] == CliIo.class) {
                constructor.setAccessible(true);
                return cls.cast(constructor.newInstance(io));
            }
        }
        return CommandLine.defaultFactory().create(cls);
    }
}
