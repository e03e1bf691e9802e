package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

import javax.net.SocketFactory;

import org.junit.jupiter.api.Test;

/** Every socket the sender makes has Nagle's algorithm off, however OkHttp asks for it. */
class NoDelaySocketFactoryTest {

    private final SocketFactory factory = new NoDelaySocketFactory();

    @Test
    void everyWayOfMakingASocketTurnsNagleOff() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 10, loopback)) {
            int port = server.getLocalPort();
            try (Socket unconnected = factory.createSocket();
                    Socket byName = factory.createSocket(loopback.getHostAddress(), port);
                    Socket byNameFromLocal = factory.createSocket(loopback.getHostAddress(), port, loopback, 0);
                    Socket byAddress = factory.createSocket(loopback, port);
                    Socket byAddressFromLocal = factory.createSocket(loopback, port, loopback, 0)) {
                for (Socket socket : List.of(unconnected, byName, byNameFromLocal, byAddress, byAddressFromLocal)) {
                    assertThat(socket.getTcpNoDelay()).as(socket.toString()).isTrue();
                }
                unconnected.connect(new InetSocketAddress(loopback, port));
                assertThat(unconnected.getTcpNoDelay()).isTrue();
            }
        }
    }
}
