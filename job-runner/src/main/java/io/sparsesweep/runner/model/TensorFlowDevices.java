package io.sparsesweep.runner.model;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.KernelDef;
import org.tensorflow.proto.KernelList;

/**
 * What TensorFlow's native library offers this process, through its C API (TF-Java 1.1.0's {@code
 * Session} does not expose its device list): whether it is the GPU build, and the devices a session
 * with a given configuration sees. The devices come from a probe session on an empty graph with the
 * run's configuration, in the same process as the run's session, so it sees the same GPUs (the GPU
 * runtime's state is per process; its memory is not allocated twice).
 */
final class TensorFlowDevices {
    private TensorFlowDevices() {}

    /** True when the loaded library registers GPU kernels (the -Pgpu build), whatever the node. */
    static boolean gpuBuild() {
        TensorFlow.version(); // loads the native library
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_Buffer kernels = TF_GetRegisteredKernelsForOp("MatMul", status);
            status.throwExceptionIfNotOK();
            try {
                return KernelList.parseFrom(kernels.copyData()).getKernelList().stream()
                        .map(KernelDef::getDeviceType)
                        .anyMatch("GPU"::equals);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("TensorFlow's kernel list does not parse", e);
            } finally {
                TF_DeleteBuffer(kernels);
            }
        }
    }

    /** The devices of a session with this configuration. */
    static List<TrainingDevice.Device> list(ConfigProto config) {
        TensorFlow.version();
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_Graph graph = TF_NewGraph();
            TF_SessionOptions options = TF_NewSessionOptions();
            try {
                byte[] bytes = config.toByteArray();
                TF_SetConfig(options, new BytePointer(bytes), bytes.length, status);
                status.throwExceptionIfNotOK();
                TF_Session session = TF_NewSession(graph, options, status);
                status.throwExceptionIfNotOK();
                try {
                    return devices(session, status);
                } finally {
                    TF_CloseSession(session, status);
                    TF_DeleteSession(session, status);
                }
            } finally {
                TF_DeleteSessionOptions(options);
                TF_DeleteGraph(graph);
            }
        }
    }

    private static List<TrainingDevice.Device> devices(TF_Session session, TF_Status status) {
        TF_DeviceList list = TF_SessionListDevices(session, status);
        status.throwExceptionIfNotOK();
        try {
            List<TrainingDevice.Device> out = new ArrayList<>();
            for (int i = 0; i < TF_DeviceListCount(list); i++) {
                String name = TF_DeviceListName(list, i, status).getString();
                String type = TF_DeviceListType(list, i, status).getString();
                long memory = TF_DeviceListMemoryBytes(list, i, status);
                status.throwExceptionIfNotOK();
                out.add(new TrainingDevice.Device(name, type, memory));
            }
            return out;
        } finally {
            TF_DeleteDeviceList(list);
        }
    }
}
