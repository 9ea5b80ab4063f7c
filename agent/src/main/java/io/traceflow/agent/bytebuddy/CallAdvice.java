package io.traceflow.agent.bytebuddy;

import io.traceflow.bootstrap.CallScope;
import io.traceflow.bootstrap.Hooks;
import io.traceflow.bootstrap.ShortCircuit;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The one advice TraceFlow inlines into library methods. It only calls {@link Hooks} (bootstrap loader, visible
 * from every class loader); everything library-specific happens in the handler that Hooks finds for the type.
 * No lambdas, no other classes: inlined code runs in the library's class loader.
 *
 * <p>{@code suppress = Throwable.class}: should anything here fail, the library method runs as if the agent
 * were absent. The return value is replaced only by the scope (with an equivalent wrapper), never on a throw.
 * A {@link ShortCircuit} scope (a cache hit) skips the method's body and supplies its answer, or (a strict-replay
 * miss) its exception, through the writable {@code thrown}.
 */
public final class CallAdvice {
    private CallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = ShortCircuit.class)
    public static CallScope enter(@Advice.Origin Class<?> type, @Advice.Origin("#m") String method,
            @Advice.This(optional = true) Object self, @Advice.AllArguments Object[] args) {
        return Hooks.enter(type, method, self, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter CallScope scope,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
            @Advice.Thrown(readOnly = false, typing = Assigner.Typing.DYNAMIC) Throwable thrown) {
        if (scope != null) {
            returned = Hooks.exit(scope, returned, thrown);
            thrown = Hooks.thrown(scope, thrown);
        }
    }
}
