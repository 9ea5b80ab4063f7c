package io.traceflow.agent.bytebuddy;

import io.traceflow.bootstrap.CallScope;
import io.traceflow.bootstrap.Hooks;
import io.traceflow.bootstrap.ShortCircuit;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@link CallAdvice} for methods whose arguments TraceFlow must wrap (a streaming response handler whose callbacks
 * end the step). Separate because writing arguments back costs a little on every call; only hooks that need it
 * ({@code TypeHook.wrapsArguments}) get it.
 */
public final class WrappingCallAdvice {
    private WrappingCallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = ShortCircuit.class)
    public static CallScope enter(@Advice.Origin Class<?> type, @Advice.Origin("#m") String method,
            @Advice.This(optional = true) Object self,
            @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] args) {
        CallScope scope = Hooks.enter(type, method, self, args);
        Object[] replaced = Hooks.arguments(scope, args);
        if (replaced != null) {
            args = replaced;
        }
        return scope;
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
