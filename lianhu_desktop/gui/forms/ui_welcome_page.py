# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'welcome_page.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_WelcomePage(object):
    def setupUi(self, WelcomePage):
        if not WelcomePage.objectName():
            WelcomePage.setObjectName(u"WelcomePage")
        WelcomePage.resize(800, 560)
        self.outerLayout = QHBoxLayout(WelcomePage)
        self.outerLayout.setObjectName(u"outerLayout")
        self.leftSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.outerLayout.addItem(self.leftSpacer)

        self.centreLayout = QVBoxLayout()
        self.centreLayout.setSpacing(14)
        self.centreLayout.setObjectName(u"centreLayout")
        self.topSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.centreLayout.addItem(self.topSpacer)

        self.titleLabel = QLabel(WelcomePage)
        self.titleLabel.setObjectName(u"titleLabel")

        self.centreLayout.addWidget(self.titleLabel)

        self.introLabel = QLabel(WelcomePage)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.centreLayout.addWidget(self.introLabel)

        self.emptyLabel = QLabel(WelcomePage)
        self.emptyLabel.setObjectName(u"emptyLabel")
        self.emptyLabel.setWordWrap(True)

        self.centreLayout.addWidget(self.emptyLabel)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setSpacing(12)
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.createVillageButton = QPushButton(WelcomePage)
        self.createVillageButton.setObjectName(u"createVillageButton")
        self.createVillageButton.setMinimumSize(QSize(150, 44))

        self.buttonLayout.addWidget(self.createVillageButton)

        self.loadDemoButton = QPushButton(WelcomePage)
        self.loadDemoButton.setObjectName(u"loadDemoButton")
        self.loadDemoButton.setMinimumSize(QSize(150, 44))

        self.buttonLayout.addWidget(self.loadDemoButton)

        self.openDatabaseButton = QPushButton(WelcomePage)
        self.openDatabaseButton.setObjectName(u"openDatabaseButton")
        self.openDatabaseButton.setMinimumSize(QSize(150, 44))

        self.buttonLayout.addWidget(self.openDatabaseButton)


        self.centreLayout.addLayout(self.buttonLayout)

        self.pathLabel = QLabel(WelcomePage)
        self.pathLabel.setObjectName(u"pathLabel")
        self.pathLabel.setWordWrap(True)
        self.pathLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.centreLayout.addWidget(self.pathLabel)

        self.bottomSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.centreLayout.addItem(self.bottomSpacer)


        self.outerLayout.addLayout(self.centreLayout)

        self.rightSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.outerLayout.addItem(self.rightSpacer)

        QWidget.setTabOrder(self.createVillageButton, self.loadDemoButton)
        QWidget.setTabOrder(self.loadDemoButton, self.openDatabaseButton)

        self.retranslateUi(WelcomePage)

        self.createVillageButton.setDefault(True)


        QMetaObject.connectSlotsByName(WelcomePage)
    # setupUi

    def retranslateUi(self, WelcomePage):
        self.titleLabel.setText(QCoreApplication.translate("WelcomePage", u"\u6b22\u8fce\u4f7f\u7528\u8054\u6237\u901a", None))
        self.introLabel.setText(QCoreApplication.translate("WelcomePage", u"\u515a\u5458\u8054\u6237\u5de5\u4f5c\u7ba1\u7406\uff1a\u82b1\u540d\u518c\u3001\u8054\u6237\u7f51\u683c\u3001\u6c11\u60c5\u65e5\u8bb0\u3001\u767e\u5206\u5236\u8003\u6838\u3002\u6570\u636e\u53ea\u4fdd\u5b58\u5728\u8fd9\u53f0\u7535\u8111\u4e0a\uff0c\u4e0d\u9700\u8981\u8054\u7f51\u3002", None))
        self.emptyLabel.setText(QCoreApplication.translate("WelcomePage", u"\u5f53\u524d\u6570\u636e\u5e93\u8fd8\u662f\u7a7a\u7684\u3002\u8bf7\u5148\u65b0\u5efa\u4e00\u4e2a\u6751\uff08\u515a\u652f\u90e8\uff09\uff0c\u6216\u8005\u8f7d\u5165\u4e00\u5957\u6f14\u793a\u6570\u636e\uff0c\u770b\u770b\u7a0b\u5e8f\u80fd\u505a\u4ec0\u4e48\u3002", None))
        self.createVillageButton.setText(QCoreApplication.translate("WelcomePage", u"\u65b0\u5efa\u6751(&N)\u2026", None))
        self.loadDemoButton.setText(QCoreApplication.translate("WelcomePage", u"\u8f7d\u5165\u6f14\u793a\u6570\u636e(&D)", None))
        self.openDatabaseButton.setText(QCoreApplication.translate("WelcomePage", u"\u6253\u5f00\u5176\u4ed6\u6570\u636e\u5e93(&O)\u2026", None))
        pass
    # retranslateUi

