package org.openjarvis.analytics.posthog;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

import javax.net.SocketFactory;

/**
 * Makes the sender's sockets with {@code TCP_NODELAY} set, as curl and Go's HTTP client do; OkHttp leaves Nagle's
 * algorithm on. With it on, a request body larger than one write goes out as several segments, and the last one
 * waits for the server to acknowledge the others, which a server with delayed acknowledgements does after about
 * 40 ms: every batch paid that wait, and with it the sink drained at about 20 requests per second per connection.
 * TLS sockets are layered over these, so the setting holds for https too.
 */
final class NoDelaySocketFactory extends SocketFactory {

    private final SocketFactory sockets = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(sockets.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(sockets.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(sockets.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
